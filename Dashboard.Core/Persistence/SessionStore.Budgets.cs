using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Persistence;

public sealed partial class SessionStore
{
    /// <summary>A new budget (or none) starts afresh: the warning and the stop it made for the old one are cleared.</summary>
    public Task SetBudgetAsync(Guid sessionId, decimal? budget, CancellationToken cancellationToken) => WriteAsync(db =>
        db.Sessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Budget, budget)
            .SetProperty(x => x.BudgetWarnedAt, (DateTimeOffset?)null)
            .SetProperty(x => x.BudgetStoppedAt, (DateTimeOffset?)null), cancellationToken), cancellationToken);

    public Task MarkBudgetAsync(Guid sessionId, DateTimeOffset? warnedAt, DateTimeOffset? stoppedAt, CancellationToken cancellationToken) =>
        WriteAsync(db => db.Sessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.BudgetWarnedAt, warnedAt)
            .SetProperty(x => x.BudgetStoppedAt, stoppedAt), cancellationToken), cancellationToken);
}
