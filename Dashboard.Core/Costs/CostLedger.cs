using Dashboard.Core.Domain;
using Dashboard.Core.Persistence;

namespace Dashboard.Core.Costs;

/// <summary>
/// One session's meters for one month: the history folded in so far (up to <see cref="_lastId"/>), when it was read,
/// and the last figure with the live picture it was computed from.
/// </summary>
internal sealed class CostLedger(CostCalculator calculator, SessionView session, CostPeriod period, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _reading = new(1, 1);
    private readonly Dictionary<Guid, MachineMeter> _meters = calculator.MetersFor(session, period);
    private readonly DateTimeOffset _createdAt = session.CreatedAt;
    private long _lastId;
    private long _readAt = long.MinValue;
    private bool _loaded;
    private (SessionView View, int Version, SessionCost Cost)? _last;
    private int _version;

    public CostPeriod Period => period;

    public bool IsStale(TimeSpan refreshEvery) =>
        !_loaded || time.GetElapsedTime(Interlocked.Read(ref _readAt)) >= refreshEvery;

    /// <summary>
    /// Reads the changes added since the last read when the history is stale; one read at a time. Without
    /// <paramref name="wait"/> it gives up at once when another read is running.
    /// </summary>
    public async Task<bool> ReadAsync(SessionStore store, TimeSpan refreshEvery, bool wait, CancellationToken cancellationToken)
    {
        if (wait)
            await _reading.WaitAsync(cancellationToken);
        else if (!await _reading.WaitAsync(0, cancellationToken))
            return false;
        try
        {
            if (!IsStale(refreshEvery))
                return false;
            var changes = await store.StateHistoryAsync(session.Name, _lastId, cancellationToken);
            lock (_gate)
            {
                foreach (var change in changes)
                {
                    _lastId = change.Id;
                    // The same name may have served an ended session before this one.
                    if (change.At < _createdAt || change.At >= period.End)
                        continue;
                    if (!_meters.TryGetValue(change.MachineId, out var meter))
                        continue;
                    meter.Apply(change);
                }

                _loaded = true;
                _version++;
                Interlocked.Exchange(ref _readAt, time.GetTimestamp());
            }

            return true;
        }
        finally
        {
            _reading.Release();
        }
    }

    /// <summary>The figure for this live picture; the same picture and history give the cached one.</summary>
    public SessionCost? Cost(SessionView live, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_loaded)
                return null;
            if (_last is { } last && ReferenceEquals(last.View, live) && last.Version == _version)
                return last.Cost;
            // Machines added to the session after the ledger began (adopted, retried) get meters of their own.
            foreach (var machine in live.Machines.Where(m => !_meters.ContainsKey(m.Id)))
                _meters[machine.Id] = CostCalculator.NewMeter(live, machine, period);
            var cost = calculator.Price(live, period, _meters, now < period.End ? now : period.End);
            _last = (live, _version, cost);
            return cost;
        }
    }
}
