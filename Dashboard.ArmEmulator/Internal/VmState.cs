using System.Text.Json.Nodes;

namespace Dashboard.ArmEmulator.Internal;

/// <summary>
/// One virtual machine. Properties are the create body's (secrets removed); the settings the emulator
/// acts on are read from them so that what is returned always agrees with how the VM behaves.
/// </summary>
internal sealed class VmState(string id, string location, JsonObject properties)
{
    public string Id { get; } = id;
    public string Name { get; } = Ids.NameOf(id);
    public string Location { get; } = location;
    public JsonObject Properties { get; set; } = properties;
    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    public JsonNode? PutBody { get; set; }

    /// <summary>Whether the PUT that created it said If-None-Match: *.</summary>
    public bool CreatedCreateOnly { get; set; }
    public string VmId { get; } = Guid.NewGuid().ToString();
    public DateTimeOffset TimeCreated { get; init; }

    public string ProvisioningState { get; set; } = "Succeeded";
    public string PowerState { get; set; } = "running";
    public bool Hibernated { get; set; }

    /// <summary>Why the last operation failed, shown in the instance view as ProvisioningState/failed/{code}.</summary>
    public (string Code, string Message, DateTimeOffset At)? Failure { get; set; }

    public void MarkFailed(string code, string message, DateTimeOffset at)
    {
        ProvisioningState = "Failed";
        Failure = (code, message, at);
    }

    /// <summary>The operation in progress (start, deallocate, evict, ...); others get 409 Conflict meanwhile.</summary>
    public string? Busy { get; set; }

    /// <summary>Bumped by every operation, so a completion can tell that an eviction overtook it.</summary>
    public int Generation { get; set; }

    public bool Spot => Json.Str(Properties["priority"]) is { } p
        && (p.Equals("Spot", StringComparison.OrdinalIgnoreCase) || p.Equals("Low", StringComparison.OrdinalIgnoreCase));

    public string EvictionPolicy => Json.Str(Properties["evictionPolicy"]) ?? "Deallocate";

    public bool HibernationEnabled => Json.Bool(Properties["additionalCapabilities"]?["hibernationEnabled"]);

    public JsonObject? OsDisk => Properties["storageProfile"]?["osDisk"] as JsonObject;

    public string? OsDiskId => Json.Str(OsDisk?["managedDisk"]?["id"]);

    public bool DeletesOsDisk => IsDelete(OsDisk?["deleteOption"]);

    /// <summary>Referenced network interfaces and whether each goes with the VM on delete.</summary>
    public IEnumerable<(string Id, bool DeleteWithVm)> Nics =>
        (Properties["networkProfile"]?["networkInterfaces"] as JsonArray ?? [])
            .Select(n => (Id: Json.Str(n?["id"]), Delete: IsDelete(n?["properties"]?["deleteOption"])))
            .Where(n => n.Id is not null)
            .Select(n => (Ids.Normalize(n.Id!), n.Delete));

    private static bool IsDelete(JsonNode? option) =>
        string.Equals(Json.Str(option), "Delete", StringComparison.OrdinalIgnoreCase);
}
