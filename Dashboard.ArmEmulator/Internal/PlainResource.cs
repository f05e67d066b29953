using System.Text.Json.Nodes;

namespace Dashboard.ArmEmulator.Internal;

/// <summary>A network interface, disk or snapshot: an ARM resource whose properties the emulator only stores.</summary>
internal sealed class PlainResource(string id, string type, string location)
{
    public string Id { get; } = id;
    public string Type { get; } = type;
    public string Name { get; } = Ids.NameOf(id);
    public string Location { get; } = location;
    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    public JsonObject Properties { get; set; } = [];
    public JsonObject? Sku { get; set; }

    /// <summary>For disks: the id of the VM the disk is attached to.</summary>
    public string? ManagedBy { get; set; }

    public string? ProvisioningState
    {
        get => Json.Str(Properties["provisioningState"]);
        set => Properties["provisioningState"] = value;
    }

    public JsonObject Render()
    {
        var node = new JsonObject
        {
            ["id"] = Id,
            ["name"] = Name,
            ["type"] = Type,
            ["location"] = Location,
            ["tags"] = Json.TagsNode(Tags),
            ["properties"] = Properties.DeepClone(),
        };
        if (Sku is not null)
            node["sku"] = Sku.DeepClone();
        if (ManagedBy is not null)
            node["managedBy"] = ManagedBy;
        return node;
    }
}
