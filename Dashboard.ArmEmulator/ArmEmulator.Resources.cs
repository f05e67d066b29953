using System.Text.Json.Nodes;
using Dashboard.ArmEmulator.Internal;

namespace Dashboard.ArmEmulator;

// Network interfaces, disks, snapshots, and the subscription and resource group reads. Lock held.
public sealed partial class ArmEmulator
{
    private string IdOf(ArmRequest request, string type) => Ids.Of(Subscription, request["rg"], type, request["name"]);

    private ArmResponse GetPlain(ArmRequest request, Dictionary<string, PlainResource> store, string type) =>
        store.TryGetValue(IdOf(request, type), out var resource)
            ? ArmResponse.Json(200, resource.Render())
            : ArmResponse.NotFound(type, request["name"], request["rg"]);

    // Network's PUT completes synchronously: 201 when created, 200 when updated.
    private ArmResponse PutNic(ArmRequest request)
    {
        var body = (JsonObject)request.Body!;
        if (Json.Str(body["location"]) is not { } location)
            return ArmResponse.Error(400, "LocationRequired", "The location property is required for this definition.");
        var id = IdOf(request, Ids.NicType);
        var created = !_nics.TryGetValue(id, out var existing);
        if (!created && request.CreateOnly)
            return ArmResponse.PreconditionFailed();
        var properties = body["properties"]?.DeepClone() as JsonObject ?? [];
        properties["provisioningState"] = "Succeeded";
        properties["resourceGuid"] = existing?.Properties["resourceGuid"]?.DeepClone() ?? Guid.NewGuid().ToString();
        if (existing?.Properties["virtualMachine"] is { } attachedTo)
            properties["virtualMachine"] = attachedTo.DeepClone();
        foreach (var configuration in properties["ipConfigurations"] as JsonArray ?? [])
        {
            if (configuration is JsonObject ip && Json.Str(ip["name"]) is { } ipName)
                ip["id"] = $"{id}/ipConfigurations/{ipName}";
        }
        var nic = new PlainResource(id, Ids.NicType, location) { Tags = Json.Tags(body["tags"]), Properties = properties };
        _nics[id] = nic;
        return ArmResponse.Json(created ? 201 : 200, nic.Render());
    }

    private ArmResponse DeleteNic(ArmRequest request)
    {
        if (!_nics.TryGetValue(IdOf(request, Ids.NicType), out var nic))
            return new ArmResponse(204);
        if (Json.Str(nic.Properties["virtualMachine"]?["id"]) is { } vmId)
            return ArmResponse.Error(400, "NicInUse", $"Network Interface {nic.Id} is used by existing resource {vmId}. In order to delete the network interface, it must be dissociated from the resource.");
        _nics.Remove(nic.Id);
        return new ArmResponse(200);
    }

    private ArmResponse DeleteDisk(ArmRequest request)
    {
        if (!_disks.TryGetValue(IdOf(request, Ids.DiskType), out var disk))
            return new ArmResponse(204);
        if (disk.ManagedBy is { } vmId)
            return ArmResponse.Error(409, "OperationNotAllowed", $"Disk {disk.Name} is attached to VM {vmId}.");
        _disks.Remove(disk.Id);
        return new ArmResponse(200);
    }

    // A snapshot copies an existing disk (or snapshot); it is Creating until its operation succeeds.
    private ArmResponse PutSnapshot(ArmRequest request)
    {
        var body = (JsonObject)request.Body!;
        if (Json.Str(body["location"]) is not { } location)
            return ArmResponse.Error(400, "LocationRequired", "The location property is required for this definition.");
        var creation = body["properties"]?["creationData"];
        if (Json.Str(creation?["sourceResourceId"]) is not { } sourceId)
            return ArmResponse.Error(400, "InvalidParameter", "Required parameter 'creationData.sourceResourceId' is missing (null).");
        if (!_disks.TryGetValue(Ids.Normalize(sourceId), out var source) && !_snapshots.TryGetValue(Ids.Normalize(sourceId), out source))
            return ArmResponse.Error(404, "NotFound", $"Resource {sourceId} is not found.");
        var id = IdOf(request, Ids.SnapshotType);
        if (_snapshots.TryGetValue(id, out var existing) && existing.ProvisioningState == "Creating")
            return ArmResponse.Error(409, "Conflict", $"Snapshot '{existing.Name}' is being created by another operation.");

        var snapshot = new PlainResource(id, Ids.SnapshotType, location)
        {
            Tags = Json.Tags(body["tags"]),
            Sku = new JsonObject { ["name"] = "Standard_LRS" },
            Properties = new JsonObject
            {
                ["osType"] = source.Properties["osType"]?.DeepClone(),
                ["creationData"] = new JsonObject
                {
                    ["createOption"] = Json.Str(creation?["createOption"]) ?? "Copy",
                    ["sourceResourceId"] = source.Id,
                    ["sourceUniqueId"] = source.Properties["uniqueId"]?.DeepClone(),
                },
                ["diskSizeGB"] = source.Properties["diskSizeGB"]?.DeepClone(),
                ["incremental"] = Json.Bool(body["properties"]?["incremental"]),
                ["timeCreated"] = Json.Time(_time.GetUtcNow()),
                ["provisioningState"] = "Creating",
                ["diskState"] = "Unattached",
                ["uniqueId"] = Guid.NewGuid().ToString(),
            },
        };
        _snapshots[id] = snapshot;
        return Accept(request, "snapshot", null, location, 202, () => snapshot.Render(),
            complete: () => snapshot.ProvisioningState = "Succeeded",
            rollback: () => snapshot.ProvisioningState = "Failed");
    }

    private ArmResponse DeleteSnapshot(ArmRequest request) =>
        _snapshots.Remove(IdOf(request, Ids.SnapshotType)) ? new ArmResponse(200) : new ArmResponse(204);

    private ArmResponse GetSubscription(ArmRequest request) => ArmResponse.Json(200, new JsonObject
    {
        ["id"] = $"/subscriptions/{Subscription}",
        ["subscriptionId"] = Subscription,
        ["displayName"] = "ARM emulator",
        ["state"] = "Enabled",
    });

    // Resource groups are not modelled: every group exists, in the emulator's location.
    private ArmResponse GetResourceGroup(ArmRequest request) => ArmResponse.Json(200, new JsonObject
    {
        ["id"] = $"/subscriptions/{Subscription}/resourceGroups/{request["rg"]}",
        ["name"] = request["rg"],
        ["type"] = "Microsoft.Resources/resourceGroups",
        ["location"] = _options.Location,
        ["properties"] = new JsonObject { ["provisioningState"] = "Succeeded" },
    });
}
