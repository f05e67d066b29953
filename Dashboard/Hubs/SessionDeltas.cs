using System.Collections.Immutable;
using System.Text.Json;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;

namespace Dashboard.Hubs;

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
                    [.. current.Machines.Where(m => diff.IsChanged(m.Id))], diff.Removed, options);
            return delta;
        }

        // A part of the session (a student's machines): what changed in it, appeared in it, or left it.
        var seen = earlier is null ? null : AccessPolicy.VisiblePart(viewer, earlier)?.Machines.Select(m => m.Id).ToHashSet();
        var machines = visible.Machines.Where(m => seen is null || !seen.Contains(m.Id) || diff.IsChanged(m.Id));
        var gone = seen is null ? [] : seen.Except(visible.Machines.Select(m => m.Id));
        return new SessionDelta(SessionHeader.Of(visible), [.. machines], [.. gone], options);
    }
}
