using Dashboard.Core.Domain;

namespace Dashboard.Core.Live;

public enum SessionChangeKind
{
    Upsert,
    Remove,
}

/// <summary>One session's new picture (or its removal). Whole sessions travel, so merging keeps only the last.</summary>
public sealed record SessionChange(SessionChangeKind Kind, SessionView Session)
{
    /// <summary>Collapses a burst to one change per session, in the order sessions first changed.</summary>
    public static IReadOnlyList<SessionChange> Merge(IEnumerable<SessionChange> burst)
    {
        var latest = new Dictionary<Guid, SessionChange>();
        var order = new List<Guid>();
        foreach (var change in burst)
        {
            if (!latest.ContainsKey(change.Session.Id))
                order.Add(change.Session.Id);
            latest[change.Session.Id] = change;
        }

        return order.Select(id => latest[id]).ToList();
    }
}
