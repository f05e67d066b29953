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
/// (once a month) and shows a warning; it projects when the stop share is reached at the present hourly rate and hands
/// that to <see cref="BudgetStopForecast"/>, from which the class scheduler counts the stop down (30, 10, 2 minutes)
/// and then stops the running machines as "budget", once a month. What it did is saved on the session, so a restart
/// neither warns again nor forgets the stop.
/// </summary>
public sealed partial class BudgetEvaluator(
    SessionMonitor monitor,
    SessionCosts costs,
    BudgetStopForecast forecast,
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
        forecast.Retain(sessions.Where(s => s.Budget is not null).Select(s => s.Id).ToHashSet());
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
        var limit = status.Budget * (decimal)o.StopAtPercent / 100;
        forecast.Set(session.Id, o.StopWhenExceeded && !status.StoppedThisMonth
            ? BudgetStopForecast.Project(status.Spent, limit, cost.PerHourNow, now, cost.Period.End)
            : null);
        if (status.Percent >= o.WarnAtPercent && !status.WarnedThisMonth && !status.StoppedThisMonth)
        {
            await monitor.MarkBudgetAsync(session.Id, now, session.BudgetStoppedAt);
            await audit.RecordAsync(Budget.Name, AuditAction.BudgetWarning, ActionOutcome.Succeeded, session.Name,
                detail: $"Spent {spent} this month.");
        }
    }

    [LoggerMessage(LogLevel.Error, "Checking the budgets failed; trying again at the next check")]
    private partial void LogEvaluationFailed(Exception exception);
}
