using System.Collections.Immutable;
using Dashboard.Core.Domain;

namespace Dashboard.Core.Live;

/// <summary>
/// Which machines of a session changed between two pictures, by reference: the monitor replaces only what changed,
/// so an unchanged machine is the very same object in both. Peers and hub deltas both send only these.
/// </summary>
public sealed class MachineDiff
{
    private readonly HashSet<Guid>? _changed;

    private MachineDiff(HashSet<Guid>? changed, ImmutableArray<Guid> removed)
    {
        _changed = changed;
        Removed = removed;
    }

    /// <summary>True when there was no earlier picture: every machine is new.</summary>
    public bool IsWhole => _changed is null;

    /// <summary>The machines of the earlier picture that the current one no longer has.</summary>
    public ImmutableArray<Guid> Removed { get; }

    /// <summary>Whether this machine of the current picture is new or changed.</summary>
    public bool IsChanged(Guid machineId) => _changed is null || _changed.Contains(machineId);

    public static MachineDiff Between(SessionView? earlier, SessionView current)
    {
        if (earlier is null)
            return new MachineDiff(null, []);
        var before = new Dictionary<Guid, MachineView>(earlier.Machines.Length);
        foreach (var machine in earlier.Machines)
            before[machine.Id] = machine;
        var changed = new HashSet<Guid>();
        foreach (var machine in current.Machines)
        {
            if (!before.Remove(machine.Id, out var was) || !ReferenceEquals(was, machine))
                changed.Add(machine.Id);
        }

        return new MachineDiff(changed, [.. before.Keys]);
    }
}
