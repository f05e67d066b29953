using System.Collections.Immutable;
using System.Text.Json;
using Dashboard.Core.Domain;
using Dashboard.Core.People;

namespace Dashboard.Hubs;

/// <summary>
/// Which machines of a session changed between two pictures, by reference: the monitor replaces only what changed,
/// so an unchanged machine is the very same object in both.
/// </summary>
public sealed class MachineDiff
{
    private MachineDiff(HashSet<Guid>? changed, ImmutableArray<Guid> removed)
    {
        Changed = changed;
        Removed = removed;
    }

    /// <summary>The machines new or changed since the earlier picture; null when there was none (all are new).</summary>
    public HashSet<Guid>? Changed { get; }
    public ImmutableArray<Guid> Removed { get; }

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

/// <summary>The deltas of one change batch, one per distinct view: every whole-session viewer shares one.</summary>
public sealed class SessionDeltas(JsonSerializerOptions options)
{
    private readonly Dictionary<SessionView, SessionDelta> _whole = new(ReferenceEqualityComparer.Instance);

    /// <summary>What <paramref name="viewer"/> needs to bring their copy from <paramref name="earlier"/> to <paramref name="current"/>.</summary>
    public SessionDelta? For(Viewer viewer, SessionView? earlier, SessionView current, MachineDiff diff)
    {
        if (AccessPolicy.VisiblePart(viewer, current) is not { } visible)
            return null;
        if (ReferenceEquals(visible, current))
        {
            if (!_whole.TryGetValue(current, out var delta))
                _whole[current] = delta = new SessionDelta(SessionHeader.Of(current),
                    [.. current.Machines.Where(m => diff.Changed is null || diff.Changed.Contains(m.Id))], diff.Removed, options);
            return delta;
        }

        // A part of the session (a student's machines): what changed in it, appeared in it, or left it.
        var seen = earlier is null ? null : AccessPolicy.VisiblePart(viewer, earlier)?.Machines.Select(m => m.Id).ToHashSet();
        var machines = visible.Machines.Where(m => seen is null || !seen.Contains(m.Id) || diff.Changed is null || diff.Changed.Contains(m.Id));
        var gone = seen is null ? [] : seen.Except(visible.Machines.Select(m => m.Id));
        return new SessionDelta(SessionHeader.Of(visible), [.. machines], [.. gone], options);
    }
}
