using System.Runtime.CompilerServices;
using Dashboard.Core.Domain;

namespace Dashboard.Core.Live;

/// <summary>What a subscriber receives at once: the sessions that changed (latest picture each) and the cloud's health.</summary>
public sealed record LiveBatch(IReadOnlyList<SessionChange> Changes, CloudHealth? Health);

/// <summary>
/// A snapshot of every session plus the changes that follow it, with nothing lost in between. Its queue is bounded:
/// it holds the latest picture per session (and the latest health), so a subscriber that falls behind receives the
/// newest state instead of a backlog, and publishing to it never waits. Dispose it to stop receiving.
/// </summary>
public sealed class SessionSubscription : IDisposable
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly Action<SessionSubscription> _unsubscribe;
    private readonly TimeProvider _time;
    private Dictionary<Guid, SessionChange> _pending = [];
    private List<Guid> _order = [];
    private CloudHealth? _health;
    private bool _ended;

    internal SessionSubscription(IReadOnlyList<SessionView> initial, CloudHealth health,
        Action<SessionSubscription> unsubscribe, TimeProvider time)
    {
        Initial = initial;
        InitialHealth = health;
        _unsubscribe = unsubscribe;
        _time = time;
    }

    public IReadOnlyList<SessionView> Initial { get; }

    public CloudHealth InitialHealth { get; }

    /// <summary>Sessions waiting to be read (at most one entry per session).</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
                return _order.Count;
        }
    }

    internal void Post(SessionChange change)
    {
        lock (_gate)
        {
            if (!_pending.ContainsKey(change.Session.Id))
                _order.Add(change.Session.Id);
            _pending[change.Session.Id] = change;
            Signal();
        }
    }

    internal void Post(CloudHealth health)
    {
        lock (_gate)
        {
            _health = health;
            Signal();
        }
    }

    /// <summary>Batches of the latest changes, in the order sessions first changed, at most one per <paramref name="minInterval"/>.</summary>
    public async IAsyncEnumerable<LiveBatch> ReadAsync(TimeSpan minInterval, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lastYield = _time.GetTimestamp() - (long)(minInterval.TotalSeconds * _time.TimestampFrequency);
        while (true)
        {
            await _signal.WaitAsync(cancellationToken);
            var wait = minInterval - _time.GetElapsedTime(lastYield);
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, _time, cancellationToken);

            LiveBatch? batch;
            lock (_gate)
            {
                if (_ended)
                    yield break;
                batch = Take();
            }

            if (batch is null)
                continue;
            lastYield = _time.GetTimestamp();
            yield return batch;
        }
    }

    /// <summary>Only the session changes of <see cref="ReadAsync"/>.</summary>
    public async IAsyncEnumerable<IReadOnlyList<SessionChange>> ReadChangesAsync(
        TimeSpan minInterval, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var batch in ReadAsync(minInterval, cancellationToken))
        {
            if (batch.Changes.Count > 0)
                yield return batch.Changes;
        }
    }

    public void Dispose()
    {
        _unsubscribe(this);
        lock (_gate)
        {
            _ended = true;
            Signal();
        }
    }

    // Called under _gate.
    private LiveBatch? Take()
    {
        if (_order.Count == 0 && _health is null)
            return null;
        var changes = _order.Select(id => _pending[id]).ToList();
        var batch = new LiveBatch(changes, _health);
        (_pending, _order, _health) = ([], [], null);
        return batch;
    }

    // Called under _gate: at most one wake-up is ever pending.
    private void Signal()
    {
        if (_signal.CurrentCount == 0)
            _signal.Release();
    }
}
