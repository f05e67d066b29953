using Dashboard.Core.Domain;

namespace Dashboard.Components.Sessions;

/// <summary>What one session's grid is narrowed to; kept per page and session, so live updates never reset it.</summary>
public sealed class MachineFilter
{
    /// <summary>Part of the machine name, any case; empty matches all.</summary>
    public string Name { get; set; } = "";

    /// <summary>Only machines in this state; null matches all.</summary>
    public MachineState? State { get; set; }

    public bool SpotOnly { get; set; }

    public bool IsActive => Name.Length > 0 || State is not null || SpotOnly;

    public bool Matches(MachineView machine) =>
        (Name.Length == 0 || machine.Name.Contains(Name, StringComparison.OrdinalIgnoreCase))
        && (State is not { } state || machine.State == state)
        && (!SpotOnly || machine.IsSpot);
}
