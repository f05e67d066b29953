namespace Dashboard.Hubs;

/// <summary>
/// One connection's pending messages, at most one per session: posting a session that is already waiting replaces
/// its message but keeps its place, so a lagging client gets each session's latest state, first-changed first.
/// Posting and taking are O(1) and never wait.
/// </summary>
public sealed class HubOutbox
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Session, OutboxMessage Message)>> _bySession = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Session, OutboxMessage Message)> _order = new();
    private readonly SemaphoreSlim _doorbell = new(0, 1);

    public int PendingSessions
    {
        get
        {
            lock (_gate)
                return _order.Count;
        }
    }

    /// <summary>Queues or replaces the session's message; returns how many sessions are pending afterwards.</summary>
    public int Post(string session, OutboxMessage message)
    {
        lock (_gate)
        {
            if (_bySession.TryGetValue(session, out var waiting))
                waiting.Value = (session, OutboxMessage.Coalesce(waiting.Value.Message, message));
            else
                _bySession[session] = _order.AddLast((session, message));
            Ring();
            return _order.Count;
        }
    }

    /// <summary>Forgets what waits for a session the connection no longer watches.</summary>
    public void Drop(string session)
    {
        lock (_gate)
        {
            if (_bySession.Remove(session, out var waiting))
                _order.Remove(waiting);
        }
    }

    public bool TryTake(out OutboxMessage message)
    {
        lock (_gate)
        {
            if (_order.First is not { } first)
            {
                message = null!;
                return false;
            }

            _order.RemoveFirst();
            _bySession.Remove(first.Value.Session);
            message = first.Value.Message;
            return true;
        }
    }

    /// <summary>Completes once something was posted since the last wait (at once if it already was).</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _doorbell.WaitAsync(cancellationToken);

    // Called under the lock, so the count never exceeds one: many posts wake the pump once.
    private void Ring()
    {
        if (_doorbell.CurrentCount == 0)
            _doorbell.Release();
    }
}
