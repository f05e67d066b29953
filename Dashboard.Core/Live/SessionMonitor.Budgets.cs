namespace Dashboard.Core.Live;

public sealed partial class SessionMonitor
{
    /// <summary>Shows a session's new budget everywhere at once, then saves it in order with the other writes.</summary>
    public Task SetBudgetAsync(Guid sessionId, decimal? budget)
    {
        var changed = Edit(edit =>
        {
            if (edit.Session(sessionId) is not { } session)
                return false;
            edit.PutSession(session with { Budget = budget, BudgetWarnedAt = null, BudgetStoppedAt = null });
            return true;
        });
        return changed ? writer.EnqueueAsync(ct => store.SetBudgetAsync(sessionId, budget, ct)) : Task.CompletedTask;
    }

    /// <summary>Records (and shows) that the budget warned or stopped the session; completes when it is saved.</summary>
    public Task MarkBudgetAsync(Guid sessionId, DateTimeOffset? warnedAt, DateTimeOffset? stoppedAt)
    {
        var changed = Edit(edit =>
        {
            if (edit.Session(sessionId) is not { } session)
                return false;
            edit.PutSession(session with { BudgetWarnedAt = warnedAt, BudgetStoppedAt = stoppedAt });
            return true;
        });
        return changed ? writer.EnqueueAsync(ct => store.MarkBudgetAsync(sessionId, warnedAt, stoppedAt, ct)) : Task.CompletedTask;
    }
}
