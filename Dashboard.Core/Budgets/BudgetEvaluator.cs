using Dashboard.Core.Actions;
using Dashboard.Core.Audit;
using Dashboard.Core.Costs;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Budgets;

/// <summary>
/// Checks every session's budget every <see cref="BudgetOptions.EvaluateSeconds"/>: at the warning share it records
/// (once a month) and shows a warning; at the stop share it stops every machine through Stop All, as the viewer
/// "budget", once a month. What it did is saved on the session before it acts, so a restart neither warns again
/// nor forgets the stop.
/// </summary>
public sealed partial class BudgetEvaluator(
    SessionMonitor monitor,
    SessionCosts costs,
    MachineCommands commands,
    AuditLog audit,
    TimeProvider time,
    IOptions<BudgetOptions> options,
    Scaling.ILeadership leadership,
    ILogger<BudgetEvaluator> logger) : BackgroundService
{
    /// <summary>Who the audit trail and the batch name when a budget stops a session.</summary>
    public static Viewer Budget { get; } = Viewer.For("budget", Roles.Admin);

    // One check at a time: each sees what the one before recorded, so nothing is warned or stopped twice.
    private readonly SemaphoreSlim _checking = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await monitor.WhenLoaded.WaitAsync(stoppingToken);
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.EvaluateSeconds)), time);
            // The first check comes one interval after the start: the live states have been polled by then.
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    // One server warns and stops, so nothing is warned or stopped twice.
                    if (leadership.IsLeader)
                        await EvaluateAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // A database that is away or a cloud that refuses: the next tick tries again; the host runs on.
                    LogEvaluationFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One check of every budget; returns how many sessions have one.</summary>
    public async Task<int> EvaluateAsync(CancellationToken cancellationToken)
    {
        await _checking.WaitAsync(cancellationToken);
        try
        {
            return await EvaluateAllAsync(cancellationToken);
        }
        finally
        {
            _checking.Release();
        }
    }

    private async Task<int> EvaluateAllAsync(CancellationToken cancellationToken)
    {
        var sessions = monitor.Sessions;
        costs.Retain(sessions.Select(s => s.Id));
        var checkedCount = 0;
        foreach (var session in sessions.Where(s => s.Budget is not null))
        {
            var cost = await costs.RefreshAsync(session, cancellationToken);
            // The marks may have changed while the history was read (a new budget, say): act on the latest.
            if (monitor.FindSession(session.Id) is not { Budget: not null } current)
                continue;
            checkedCount++;
            await ActAsync(current, cost);
        }

        return checkedCount;
    }

    private async Task ActAsync(SessionView session, SessionCost cost)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var status = BudgetStatus.Of(session, cost, o, now)!;
        var spent = $"{MoneyText.Of(status.Spent, cost.Currency)} of {MoneyText.Of(status.Budget, cost.Currency)} ({status.Percent:0}%)";
        if (status.Percent >= o.StopAtPercent && o.StopWhenExceeded && !status.StoppedThisMonth)
        {
            await monitor.MarkBudgetAsync(session.Id, status.WarnedThisMonth ? session.BudgetWarnedAt : now, now);
            await audit.RecordAsync(Budget.Name, AuditAction.BudgetStop, ActionOutcome.Started, session.Name,
                detail: $"Spent {spent}: stopping every machine.");
            var result = await commands.RunBatchAsync(session.Id, BatchAction.StopAll, Budget);
            await audit.RecordAsync(Budget.Name, AuditAction.BudgetStop,
                result.Failed.Count == 0 ? ActionOutcome.Succeeded : ActionOutcome.Failed, session.Name, detail: result.Summary);
        }
        else if (status.Percent >= o.WarnAtPercent && !status.WarnedThisMonth && !status.StoppedThisMonth)
        {
            await monitor.MarkBudgetAsync(session.Id, now, session.BudgetStoppedAt);
            await audit.RecordAsync(Budget.Name, AuditAction.BudgetWarning, ActionOutcome.Succeeded, session.Name,
                detail: $"Spent {spent} this month.");
        }
    }

    [LoggerMessage(LogLevel.Error, "Checking the budgets failed; trying again at the next check")]
    private partial void LogEvaluationFailed(Exception exception);
}
