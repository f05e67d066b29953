namespace Dashboard.Core.Domain;

public sealed record MachineSize(string Name, int Cores, int MemoryGiB, bool SupportsHibernation);

/// <summary>The sizes offered when creating a session; hibernation support follows Azure's documented list.</summary>
public static class MachineSizes
{
    public static IReadOnlyList<MachineSize> All { get; } =
    [
        new("Standard_B2s", 2, 4, true),
        new("Standard_D2s_v5", 2, 8, true),
        new("Standard_D4s_v5", 4, 16, true),
        new("Standard_D8s_v5", 8, 32, true),
        new("Standard_E4s_v5", 4, 32, true),
        new("Standard_F4s_v2", 4, 8, false),
        new("Standard_HB120rs_v3", 120, 448, false),
        new("Standard_NC6s_v3", 6, 112, false),
    ];

    public static MachineSize? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
