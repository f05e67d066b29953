using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Dashboard.ArmEmulator.Internal;

namespace Dashboard.ArmEmulator;

// Virtual machine reads, lists and create/update. Handlers run with the lock held.
public sealed partial class ArmEmulator
{
    private ArmResponse ListAllVms(ArmRequest request) => Page(request, _vms.Values);

    private ArmResponse ListGroupVms(ArmRequest request)
    {
        var prefix = $"/subscriptions/{Subscription}/resourceGroups/{request["rg"]}/";
        return Page(request, _vms.Values.Where(v => v.Id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)));
    }

    // The skip token is the last id of the previous page (ids are the sort key), so a VM added or
    // removed between two page requests neither repeats nor hides another one.
    private ArmResponse Page(ArmRequest request, IEnumerable<VmState> vms)
    {
        var statusOnly = request.QueryFlag("statusOnly");
        var withInstanceView = statusOnly || IsInstanceViewExpand(request);
        if (request.Query("$skiptoken") is { } token)
        {
            var after = DecodeToken(token);
            if (after is null)
                return ArmResponse.Error(400, "InvalidSkipToken", "The $skiptoken is not valid.");
            vms = vms.Where(v => StringComparer.OrdinalIgnoreCase.Compare(v.Id, after) > 0);
        }
        var page = vms.Take(_options.PageSize + 1).ToList();
        var value = new JsonArray();
        foreach (var vm in page.Take(_options.PageSize))
            value.Add(VmJson.Render(vm, withInstanceView));
        var result = new JsonObject { ["value"] = value };
        if (page.Count > _options.PageSize)
        {
            // Same host and query (api-version, statusOnly, $expand), with the skip token replaced.
            var next = $"{request.BaseUrl}{request.Path}?{request.QueryWithout("$skiptoken")}";
            result["nextLink"] = $"{next}&$skiptoken={Base64Url.EncodeToString(Encoding.UTF8.GetBytes(page[_options.PageSize - 1].Id))}";
        }
        return ArmResponse.Json(200, result);
    }

    private static string? DecodeToken(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool IsInstanceViewExpand(ArmRequest request) =>
        string.Equals(request.Query("$expand"), "instanceView", StringComparison.OrdinalIgnoreCase);

    private ArmResponse GetVm(ArmRequest request) =>
        TryGetVm(request, out var vm, out var missing) ? ArmResponse.Json(200, VmJson.Render(vm, IsInstanceViewExpand(request))) : missing;

    private ArmResponse GetInstanceView(ArmRequest request) =>
        TryGetVm(request, out var vm, out var missing) ? ArmResponse.Json(200, VmJson.InstanceView(vm)) : missing;

    private ArmResponse PutVm(ArmRequest request)
    {
        var body = (JsonObject)request.Body!;
        if (VmBody.Validate(body) is { } invalid)
            return invalid;
        var id = VmIdOf(request);
        if (_vms.TryGetValue(id, out var existing))
            return request.CreateOnly ? ArmResponse.PreconditionFailed() : UpdateVm(request, existing, body);
        if (CheckNics(new VmState(id, "", (JsonObject)body["properties"]!), id) is { } nicError)
            return nicError;
        if ((CheckNewOsDisk(body, request["rg"], request["name"]) ?? CheckAttachedOsDisk(body, id)) is { } diskError)
            return diskError;

        var vm = NewVm(id, body, request["rg"]);
        vm.PutBody = body.DeepClone();
        vm.CreatedCreateOnly = request.CreateOnly;
        vm.ProvisioningState = "Creating";
        vm.PowerState = "starting";
        AttachNics(vm);
        var attached = AttachedOsDisk(vm);
        if (attached is not null)
            attached.ManagedBy = vm.Id; // reserved for this VM while it is created
        return Accept(request, "create", vm, vm.Location, 201, () => VmJson.Render(vm, false),
            complete: () =>
            {
                vm.ProvisioningState = "Succeeded";
                vm.PowerState = "running";
                if (attached is not null)
                    attached.Properties["diskState"] = "Attached";
                else
                    CreateOsDisk(vm);
            },
            rollback: () =>
            {
                vm.ProvisioningState = "Failed";
                vm.PowerState = "deallocated";
            });
    }

    // An update applies at once (200, Succeeded): the dashboard only changes tags and settings this way.
    private ArmResponse UpdateVm(ArmRequest request, VmState vm, JsonObject body)
    {
        if (vm.Busy is not null)
            return Conflict(vm, "update");
        if (CheckNics(new VmState(vm.Id, "", (JsonObject)body["properties"]!), vm.Id) is { } nicError)
            return nicError;
        var osDisk = vm.OsDisk?.DeepClone();
        vm.Properties = VmBody.Properties(body, Subscription, request["rg"], vm.Name);
        if (osDisk is not null)
            Json.Child(vm.Properties, "storageProfile")["osDisk"] = osDisk; // the OS disk cannot change
        vm.Tags = Json.Tags(body["tags"]);
        vm.PutBody = body.DeepClone();
        AttachNics(vm);
        return ArmResponse.Json(200, VmJson.Render(vm, false));
    }

    // PATCH's tags replace the VM's tags, at once, as in Azure; a new OS disk is swapped in as an operation.
    private ArmResponse PatchVm(ArmRequest request)
    {
        if (!TryGetVm(request, out var vm, out var missing))
            return missing;
        if (RequestedOsDisk(request.Body, vm) is { } diskId)
            return SwapOsDisk(request, vm, diskId);
        if (request.Body?["tags"] is JsonObject tags)
            vm.Tags = Json.Tags(tags);
        return ArmResponse.Json(200, VmJson.Render(vm, false));
    }

    // Compute refuses to create an OS disk over an existing disk of the same name: only attaching it is allowed.
    private ArmResponse? CheckNewOsDisk(JsonObject body, string resourceGroup, string vmName)
    {
        var osDisk = body["properties"]?["storageProfile"]?["osDisk"];
        if (Json.Str(osDisk?["name"]) is not { } diskName
            || string.Equals(Json.Str(osDisk?["createOption"]), "Attach", StringComparison.OrdinalIgnoreCase))
            return null;
        var diskId = Ids.Of(Subscription, resourceGroup, Ids.DiskType, diskName);
        return _disks.ContainsKey(diskId)
            ? ArmResponse.Error(409, "Conflict", $"Disk {diskName} already exists in resource group {resourceGroup.ToUpperInvariant()}. Only CreateOption.Attach is supported.")
            : null;
    }

    // Referenced network interfaces must exist and not belong to another VM.
    private ArmResponse? CheckNics(VmState probe, string vmId)
    {
        foreach (var (nicId, _) in probe.Nics)
        {
            if (!_nics.TryGetValue(nicId, out var nic))
                return ArmResponse.Error(400, "InvalidParameter", $"Network interface '{nicId}' was not found (NotFound).");
            var owner = Json.Str(nic.Properties["virtualMachine"]?["id"]);
            if (owner is not null && !owner.Equals(vmId, StringComparison.OrdinalIgnoreCase))
                return ArmResponse.Error(400, "NicInUse", $"Network interface '{nicId}' is used by existing resource '{owner}'.");
        }
        return null;
    }

    private void AttachNics(VmState vm)
    {
        foreach (var (nicId, _) in vm.Nics)
        {
            if (_nics.TryGetValue(nicId, out var nic))
                nic.Properties["virtualMachine"] = new JsonObject { ["id"] = vm.Id };
        }
    }

    private void CreateOsDisk(VmState vm)
    {
        if (vm.OsDiskId is not { } diskId)
            return;
        var osDisk = vm.OsDisk!;
        _disks[diskId] = new PlainResource(diskId, Ids.DiskType, vm.Location)
        {
            ManagedBy = vm.Id,
            Sku = new JsonObject { ["name"] = Json.Str(osDisk["managedDisk"]?["storageAccountType"]) ?? "Premium_LRS" },
            Properties = new JsonObject
            {
                ["osType"] = Json.Str(osDisk["osType"]),
                ["creationData"] = new JsonObject { ["createOption"] = "FromImage" },
                ["diskSizeGB"] = Json.Int(osDisk["diskSizeGB"]) ?? 30,
                ["timeCreated"] = Json.Time(_time.GetUtcNow()),
                ["provisioningState"] = "Succeeded",
                ["diskState"] = "Attached",
                ["uniqueId"] = Guid.NewGuid().ToString(),
            },
        };
    }

    private string VmIdOf(ArmRequest request) => Ids.Of(Subscription, request["rg"], Ids.VmType, request["name"]);

    private bool TryGetVm(ArmRequest request, out VmState vm, out ArmResponse missing)
    {
        missing = ArmResponse.NotFound(Ids.VmType, request["name"], request["rg"]);
        return _vms.TryGetValue(VmIdOf(request), out vm!);
    }

    private static ArmResponse Conflict(VmState vm, string operation) => ArmResponse.Error(409, "Conflict",
        $"Operation '{operation}' is not allowed on VM '{vm.Name}' since the VM is running operation '{vm.Busy}'. Retry after it completes.");
}
