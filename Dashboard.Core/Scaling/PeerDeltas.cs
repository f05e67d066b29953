using System.Collections.Immutable;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;

namespace Dashboard.Core.Scaling;

/// <summary>
/// Turns one committed edit into what peers need: per session its header and the machines whose picture changed
/// (pictures are immutable, so a changed one is a different object), so that two servers changing different machines
/// of one session at once never undo each other's change.
/// </summary>
internal static class PeerDeltas
{
    public static PeerMessage? From(string origin, ImmutableDictionary<Guid, SessionView> before, IEnumerable<SessionChange> changes,
        IReadOnlyList<EndedOperation> ended)
    {
        var deltas = new List<SessionDelta>();
        var removed = new List<Guid>();
        foreach (var change in changes)
        {
            if (change.Kind == SessionChangeKind.Remove)
            {
                removed.Add(change.Session.Id);
                continue;
            }

            deltas.Add(Of(before.GetValueOrDefault(change.Session.Id), change.Session));
        }

        if (deltas.Count == 0 && removed.Count == 0 && ended.Count == 0)
            return null;
        return new PeerMessage(origin, PeerMessageKind.Changes)
        {
            Sessions = deltas, RemovedSessions = removed, Ended = ended.ToList(),
        };
    }

    public static PeerMessage Snapshot(string origin, string requester, IEnumerable<SessionView> sessions, CloudHealth health) =>
        new(origin, PeerMessageKind.Snapshot)
        {
            For = requester, Sessions = sessions.Select(s => new SessionDelta(s, true, [])).ToList(), Health = health,
        };

    private static SessionDelta Of(SessionView? old, SessionView now)
    {
        var diff = MachineDiff.Between(old, now);
        if (diff.IsWhole)
            return new SessionDelta(now, true, []);
        return new SessionDelta(now with { Machines = [.. now.Machines.Where(m => diff.IsChanged(m.Id))] }, false, diff.Removed);
    }
}
