namespace Dashboard.ArmEmulator.Internal;

/// <summary>ARM resource ids of the types the emulator serves.</summary>
internal static class Ids
{
    public const string VmType = "Microsoft.Compute/virtualMachines";
    public const string NicType = "Microsoft.Network/networkInterfaces";
    public const string DiskType = "Microsoft.Compute/disks";
    public const string SnapshotType = "Microsoft.Compute/snapshots";

    public static string Of(string subscription, string resourceGroup, string type, string name) =>
        $"/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/{type}/{name}";

    /// <summary>The last segment of an id: the resource's name.</summary>
    public static string NameOf(string id) => id[(id.TrimEnd('/').LastIndexOf('/') + 1)..];

    public static string Normalize(string id) => id.Trim().TrimEnd('/');

    /// <summary>The resource group an id is in.</summary>
    public static string GroupOf(string id)
    {
        var parts = id.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var at = Array.FindIndex(parts, p => p.Equals("resourceGroups", StringComparison.OrdinalIgnoreCase));
        return at >= 0 && at + 1 < parts.Length ? parts[at + 1] : "";
    }
}
