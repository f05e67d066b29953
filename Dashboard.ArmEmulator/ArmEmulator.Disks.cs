using System.Text.Json.Nodes;
using Dashboard.ArmEmulator.Internal;

namespace Dashboard.ArmEmulator;

// Disks made from snapshots, the snapshot list, a VM's OS disk swapped or reimaged, and VMs created on an attached
// OS disk. As in Azure: the OS disk of a VM changes only while it is deallocated, and a disk belongs to one VM.
// Handlers run with the lock held.
public sealed partial class ArmEmulator
{
    /// <summary>The id of the OS disk a VM boots from; null when there is no such VM.</summary>
    public string? OsDiskIdOf(string vmName)
    {
        lock (_gate)
            return FindByName(vmName)?.OsDiskId;
    }

    /// <summary>How a disk was made (its createOption and source id) and which VM holds it; null when there is no such disk.</summary>
    public (string? CreateOption, string? SourceId, string? ManagedBy)? DiskOf(string diskId)
    {
        lock (_gate)
        {
            if (!_disks.TryGetValue(Ids.Normalize(diskId), out var disk))
                return null;
            var creation = disk.Properties["creationData"];
            return (Json.Str(creation?["createOption"]), Json.Str(creation?["sourceResourceId"]), disk.ManagedBy);
        }
    }

    /// <summary>Every disk's id.</summary>
    public IReadOnlyList<string> DiskIds
    {
        get
        {
            lock (_gate)
                return [.. _disks.Keys];
        }
    }

    private ArmResponse ListGroupSnapshots(ArmRequest request)
    {
        var prefix = $"/subscriptions/{Subscription}/resourceGroups/{request["rg"]}/";
        var value = new JsonArray();
        foreach (var snapshot in _snapshots.Values.Where(s => s.Id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).OrderBy(s => s.Id, StringComparer.OrdinalIgnoreCase))
            value.Add(snapshot.Render());
        return ArmResponse.Json(200, new JsonObject { ["value"] = value });
    }

    // Only copies are modelled (createOption Copy from a snapshot or a disk): Creating until its operation succeeds.
    private ArmResponse PutDisk(ArmRequest request)
    {
        var body = (JsonObject)request.Body!;
        if (Json.Str(body["location"]) is not { } location)
            return ArmResponse.Error(400, "LocationRequired", "The location property is required for this definition.");
        var creation = body["properties"]?["creationData"];
        if (!string.Equals(Json.Str(creation?["createOption"]), "Copy", StringComparison.OrdinalIgnoreCase))
            return ArmResponse.Error(400, "InvalidParameter", "This endpoint creates disks with creationData.createOption 'Copy' only.");
        if (Json.Str(creation?["sourceResourceId"]) is not { } sourceId)
            return ArmResponse.Error(400, "InvalidParameter", "Required parameter 'creationData.sourceResourceId' is missing (null).");
        var id = IdOf(request, Ids.DiskType);
        if (_disks.ContainsKey(id))
        {
            return request.CreateOnly
                ? ArmResponse.PreconditionFailed()
                : ArmResponse.Error(409, "OperationNotAllowed", $"Disk '{request["name"]}' already exists; changing a disk's source is not allowed.");
        }
        if (!_snapshots.TryGetValue(Ids.Normalize(sourceId), out var source) && !_disks.TryGetValue(Ids.Normalize(sourceId), out source))
            return ArmResponse.Error(404, "NotFound", $"Resource {sourceId} is not found.");

        var disk = new PlainResource(id, Ids.DiskType, location)
        {
            Tags = Json.Tags(body["tags"]),
            Sku = body["sku"]?.DeepClone() as JsonObject ?? new JsonObject { ["name"] = "Standard_LRS" },
            Properties = new JsonObject
            {
                ["osType"] = source.Properties["osType"]?.DeepClone(),
                ["creationData"] = new JsonObject
                {
                    ["createOption"] = "Copy",
                    ["sourceResourceId"] = source.Id,
                    ["sourceUniqueId"] = source.Properties["uniqueId"]?.DeepClone(),
                },
                ["diskSizeGB"] = source.Properties["diskSizeGB"]?.DeepClone(),
                ["timeCreated"] = Json.Time(_time.GetUtcNow()),
                ["provisioningState"] = "Creating",
                ["diskState"] = "Unattached",
                ["uniqueId"] = Guid.NewGuid().ToString(),
            },
        };
        _disks[id] = disk;
        return Accept(request, "disk", null, location, 202, () => disk.Render(),
            complete: () => disk.ProvisioningState = "Succeeded",
            rollback: () => disk.ProvisioningState = "Failed");
    }

    /// <summary>The disk a PATCH asks the VM to boot from, when it names one other than its current OS disk.</summary>
    private static string? RequestedOsDisk(JsonNode? body, VmState vm) =>
        Json.Str(body?["properties"]?["storageProfile"]?["osDisk"]?["managedDisk"]?["id"]) is { } id
        && !string.Equals(Ids.Normalize(id), vm.OsDiskId, StringComparison.OrdinalIgnoreCase)
            ? Ids.Normalize(id)
            : null;

    // Azure swaps the OS disk only on a deallocated VM; the update then runs as an operation (Updating meanwhile).
    private ArmResponse SwapOsDisk(ArmRequest request, VmState vm, string diskId)
    {
        if (vm.Busy is not null)
            return Conflict(vm, "update");
        if (vm.PowerState != "deallocated")
        {
            return ArmResponse.Error(409, "OperationNotAllowed",
                $"Changing the OS disk of VM '{vm.Name}' is not allowed since the VM is {vm.PowerState}. Deallocate the VM and retry.");
        }
        if (!_disks.TryGetValue(diskId, out var disk))
            return ArmResponse.Error(404, "NotFound", $"Disk '{Ids.NameOf(diskId)}' was not found.");
        if (disk.ManagedBy is { } owner && !owner.Equals(vm.Id, StringComparison.OrdinalIgnoreCase))
            return ArmResponse.Error(409, "Conflict", $"Disk '{disk.Name}' is already attached to VM '{owner}'.");

        if (request.Body?["tags"] is JsonObject tags)
            vm.Tags = Json.Tags(tags);
        var requested = request.Body?["properties"]?["storageProfile"]?["osDisk"];
        var previous = vm.ProvisioningState;
        vm.ProvisioningState = "Updating";
        disk.ManagedBy = vm.Id; // reserved for this VM while the update runs
        return Accept(request, "update", vm, vm.Location, 200, () => VmJson.Render(vm, false),
            complete: () => BootFrom(vm, disk, Json.Str(requested?["deleteOption"])),
            rollback: () =>
            {
                vm.ProvisioningState = previous;
                disk.ManagedBy = null;
            });
    }

    // The old OS disk is detached and kept (the caller deletes it if it means to); the new one is attached.
    private void BootFrom(VmState vm, PlainResource disk, string? deleteOption)
    {
        if (vm.OsDiskId is { } oldId && _disks.TryGetValue(oldId, out var old))
        {
            old.ManagedBy = null;
            old.Properties["diskState"] = "Unattached";
        }
        var osDisk = Json.Child(Json.Child(vm.Properties, "storageProfile"), "osDisk");
        osDisk["name"] = disk.Name;
        osDisk["createOption"] = "Attach";
        if (deleteOption is not null)
            osDisk["deleteOption"] = deleteOption;
        Json.Child(osDisk, "managedDisk")["id"] = disk.Id;
        disk.ManagedBy = vm.Id;
        disk.Properties["diskState"] = "Attached";
    }

    // Reimage gives the VM a new OS disk from its image; the old one goes or stays as its deleteOption says.
    private ArmResponse Reimage(ArmRequest request)
    {
        if (!TryGetVm(request, out var vm, out var missing))
            return missing;
        if (vm.Busy is not null)
            return Conflict(vm, "reimage");
        if (vm.Properties["storageProfile"]?["imageReference"] is null)
        {
            return ArmResponse.Error(409, "OperationNotAllowed",
                $"VM '{vm.Name}' has no image to reimage from: its OS disk was attached, not created from an image.");
        }
        var previous = vm.ProvisioningState;
        vm.ProvisioningState = "Updating";
        return Accept(request, "reimage", vm, vm.Location, 202, null,
            complete: () => ReplaceOsDiskFromImage(vm),
            rollback: () => vm.ProvisioningState = previous);
    }

    private void ReplaceOsDiskFromImage(VmState vm)
    {
        if (vm.OsDiskId is { } oldId && _disks.TryGetValue(oldId, out var old))
        {
            if (vm.DeletesOsDisk)
                _disks.Remove(oldId);
            else
                (old.ManagedBy, old.Properties["diskState"]) = (null, "Unattached");
        }
        var osDisk = Json.Child(Json.Child(vm.Properties, "storageProfile"), "osDisk");
        var name = $"{vm.Name}_OsDisk_1_{Guid.NewGuid():N}";
        osDisk["name"] = name;
        osDisk["createOption"] = "FromImage";
        Json.Child(osDisk, "managedDisk")["id"] = Ids.Of(Subscription, Ids.GroupOf(vm.Id), Ids.DiskType, name);
        CreateOsDisk(vm);
    }

    // A VM created on an existing disk (createOption Attach): the disk must exist and belong to no other VM.
    private ArmResponse? CheckAttachedOsDisk(JsonObject body, string vmId)
    {
        var osDisk = body["properties"]?["storageProfile"]?["osDisk"];
        if (!string.Equals(Json.Str(osDisk?["createOption"]), "Attach", StringComparison.OrdinalIgnoreCase))
            return null;
        if (Json.Str(osDisk?["managedDisk"]?["id"]) is not { } diskId)
            return ArmResponse.Error(400, "InvalidParameter", "Required parameter 'osDisk.managedDisk.id' is missing (null).");
        if (!_disks.TryGetValue(Ids.Normalize(diskId), out var disk))
            return ArmResponse.Error(404, "NotFound", $"Disk '{Ids.NameOf(diskId)}' was not found.");
        if (disk.ManagedBy is { } owner && !owner.Equals(vmId, StringComparison.OrdinalIgnoreCase))
            return ArmResponse.Error(409, "Conflict", $"Disk '{disk.Name}' is already attached to VM '{owner}'.");
        return null;
    }

    /// <summary>The disk a new VM attaches as its OS disk, if it attaches one.</summary>
    private PlainResource? AttachedOsDisk(VmState vm) =>
        string.Equals(Json.Str(vm.OsDisk?["createOption"]), "Attach", StringComparison.OrdinalIgnoreCase)
        && vm.OsDiskId is { } id && _disks.TryGetValue(id, out var disk)
            ? disk
            : null;
}
