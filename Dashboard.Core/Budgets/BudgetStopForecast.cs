using System.Collections.Concurrent;

namespace Dashboard.Core.Budgets;

/// <summary>
/// When each session's budget reaches its stop share, as the last budget check projected it from what the session
/// costs per hour now. The class scheduler reads it: once the moment is within the warning horizon it plans the
/// budget stop, counts it down like any automatic stop and runs it.
/// </summary>
public sealed class BudgetStopForecast
{
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _reachedAt = new();

    /// <summary>When the session's stop share is (or was) reached; null when it is not on its way there, or it stopped this month.</summary>
    public DateTimeOffset? ReachedAt(Guid sessionId) => _reachedAt.TryGetValue(sessionId, out var at) ? at : null;

    public IReadOnlyCollection<Guid> Sessions => (IReadOnlyCollection<Guid>)_reachedAt.Keys;

    public void Set(Guid sessionId, DateTimeOffset? reachedAt)
    {
        if (reachedAt is { } at)
            _reachedAt[sessionId] = at;
        else
            _reachedAt.TryRemove(sessionId, out _);
    }

    /// <summary>Forgets the sessions that no longer exist or have no budget.</summary>
    public void Retain(IReadOnlySet<Guid> sessionIds)
    {
        foreach (var id in _reachedAt.Keys.Where(id => !sessionIds.Contains(id)))
            _reachedAt.TryRemove(id, out _);
    }

    /// <summary>
    /// The moment spending reaches <paramref name="limit"/> at the present hourly rate: now when it has, null when
    /// nothing runs up the cost or it would take longer than the month has left.
    /// </summary>
    public static DateTimeOffset? Project(decimal spent, decimal limit, decimal perHour, DateTimeOffset now, DateTimeOffset monthEnd)
    {
        if (spent >= limit)
            return now;
        if (perHour <= 0)
            return null;
        var at = now + TimeSpan.FromHours((double)((limit - spent) / perHour));
        return at < monthEnd ? at : null;
    }
}
