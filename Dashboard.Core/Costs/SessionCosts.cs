using System.Collections.Concurrent;
using Dashboard.Core.Domain;
using Dashboard.Core.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Costs;

/// <summary>
/// Every session's cost this month, shared by all pages and the budget evaluator. Each session's history is read
/// once, then only the changes added since, at most every <see cref="CostOptions.RefreshSeconds"/>; between reads the
/// live states fill in. A figure is computed once per live picture of the session, however many pages show it.
/// </summary>
public sealed partial class SessionCosts(
    SessionStore store,
    CostCalculator calculator,
    TimeProvider time,
    IOptions<CostOptions> options,
    ILogger<SessionCosts> logger)
{
    private readonly ConcurrentDictionary<Guid, CostLedger> _ledgers = new();

    /// <summary>Raised (off the render thread) when a session's history was read again: its figures moved.</summary>
    public event Action<Guid>? Changed;

    public string Currency => calculator.Currency;

    public string? Source => calculator.Source;

    private TimeSpan RefreshEvery => TimeSpan.FromSeconds(Math.Max(0, options.Value.RefreshSeconds));

    /// <summary>
    /// The session's cost this month as far as known now, without waiting; null until its history was first read (a
    /// read starts, and <see cref="Changed"/> follows). A stale history is read again in the background.
    /// </summary>
    public SessionCost? Current(SessionView session)
    {
        var ledger = LedgerOf(session);
        if (ledger.IsStale(RefreshEvery))
            _ = RefreshInBackgroundAsync(session, ledger);
        return ledger.Cost(session, time.GetUtcNow());
    }

    /// <summary>The session's cost this month, reading the history first when it is older than the refresh interval.</summary>
    public async Task<SessionCost> RefreshAsync(SessionView session, CancellationToken cancellationToken)
    {
        var ledger = LedgerOf(session);
        if (await ledger.ReadAsync(store, RefreshEvery, wait: true, cancellationToken))
            Changed?.Invoke(session.Id);
        return ledger.Cost(session, time.GetUtcNow())!;
    }

    /// <summary>A session's cost in any period, read whole from the history (exports).</summary>
    public async Task<SessionCost> ForPeriodAsync(SessionView session, CostPeriod period, CancellationToken cancellationToken)
    {
        var history = await store.StateHistoryAsync(session.Name, 0, cancellationToken);
        return calculator.Price(session, period, history.Where(c => c.At >= session.CreatedAt), time.GetUtcNow());
    }

    /// <summary>Forgets sessions that ended, so their ledgers do not outlive them.</summary>
    public void Retain(IEnumerable<Guid> liveSessions)
    {
        var keep = liveSessions.ToHashSet();
        foreach (var id in _ledgers.Keys.Where(id => !keep.Contains(id)))
            _ledgers.TryRemove(id, out _);
    }

    private CostLedger LedgerOf(SessionView session)
    {
        var period = CostPeriod.MonthOf(time.GetUtcNow());
        var ledger = _ledgers.GetOrAdd(session.Id, _ => new CostLedger(calculator, session, period, time));
        // A new month starts from a fresh read of the history.
        return ledger.Period == period
            ? ledger
            : _ledgers.AddOrUpdate(session.Id, _ => new CostLedger(calculator, session, period, time),
                (_, old) => old.Period == period ? old : new CostLedger(calculator, session, period, time));
    }

    private async Task RefreshInBackgroundAsync(SessionView session, CostLedger ledger)
    {
        try
        {
            if (await ledger.ReadAsync(store, RefreshEvery, wait: false, CancellationToken.None))
                Changed?.Invoke(session.Id);
        }
        catch (Exception ex)
        {
            // A database that is away shows on the health banner; the figures wait for the next read.
            LogReadFailed(ex, session.Name);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Reading the state history of {Session} for its costs failed; trying again later")]
    private partial void LogReadFailed(Exception exception, string session);
}
