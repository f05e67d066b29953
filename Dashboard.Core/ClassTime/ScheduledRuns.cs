using Dashboard.Core.Actions;
using Dashboard.Core.Audit;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Microsoft.Extensions.Logging;

namespace Dashboard.Core.ClassTime;

/// <summary>
/// The scheduled starts and stops themselves: each a batch through <see cref="MachineCommands"/>, audited, with what
/// failed shown on the session until a run succeeds. They run beside the tick, which never waits for a 500-machine batch.
/// </summary>
public sealed partial class ScheduledRuns(MachineCommands commands, ClassTimeStore store, SessionMonitor monitor, AuditLog audit,
    ILogger<ScheduledRuns> logger)
{
    private readonly List<Task> _runs = [];

    /// <summary>Completes when the runs begun so far have ended (tests and the benchmark wait on it).</summary>
    public Task WhenDoneAsync()
    {
        lock (_runs)
            return Task.WhenAll(_runs.ToList());
    }

    public async Task StartAsync(SessionView session, DateTimeOffset at)
    {
        var result = await commands.RunBatchAsync(session.Id, BatchAction.StartAll, Viewer.For("class schedule", Roles.Admin));
        var when = ClassTimeText.When(session, at, at).Replace(" (now)", "", StringComparison.Ordinal);
        await RecordRunAsync(session, AuditAction.ScheduledStart, result, $"Scheduled start {when}");
    }

    public Task StopAsync(SessionView session, IReadOnlyList<(MachineView Machine, PlannedStop Stop)> due, DateTimeOffset now) =>
        TryStopsAsync(session, [.. due.Select(d => (d.Machine, new StopTry(d.Stop, 1)))], now);

    /// <summary>Stops the machines whose stop is due (or tried again), one batch per reason.</summary>
    public async Task TryStopsAsync(SessionView session, IReadOnlyList<(MachineView Machine, StopTry Try)> due, DateTimeOffset now)
    {
        foreach (var reason in due.GroupBy(d => d.Try.Stop.Reason))
        {
            var actor = reason.Key switch
            {
                StopReason.Schedule => "class schedule", StopReason.AutoStop => "running-time limit", StopReason.Budget => "budget", _ => "quota",
            };
            // Saved before it acts, so a restart neither stops again this month nor forgets that it did.
            if (reason.Key == StopReason.Budget)
                await monitor.MarkBudgetAsync(session.Id, monitor.FindSession(session.Id)?.BudgetWarnedAt ?? now, now);
            var result = await commands.RunBatchAsync(session.Id, BatchAction.StopAll, Viewer.For(actor, Roles.Admin),
                reason.Select(d => d.Machine.Id).ToHashSet());
            RememberFailedStops(result, reason);
            await RecordRunAsync(session, reason.Key == StopReason.Budget ? AuditAction.BudgetStop : AuditAction.ScheduledStop, result,
                $"{ClassTimeText.Why(reason.Key)} stop", reason.Key == StopReason.Budget ? actor : "class schedule", RetryNote(result, [.. reason]));
        }
    }

    /// <summary>Audits a scheduled run and shows on the session what failed (capacity, throttling), until a run succeeds.</summary>
    private async Task RecordRunAsync(SessionView session, AuditAction action, BatchResult result, string what, string actor = "class schedule",
        string retryNote = "")
    {
        var failed = result.Failed.Count > 0 || result.Refused is not null;
        // The retry note goes before the per-machine errors, which may be long enough to be cut.
        var note = retryNote.Length > 0 ? $" ({retryNote})" : "";
        var detail = $"{what}{note}: {result.Summary}";
        await audit.RecordAsync(actor, action, failed ? ActionOutcome.Failed : ActionOutcome.Succeeded, session.Name, detail: detail);
        var problem = failed
            ? Persistence.ColumnLimits.Fit($"{what} failed for {result.Failed.Count} machine(s){note}: {result.Summary}", Persistence.ColumnLimits.Message)
            : null;
        if (monitor.FindSession(session.Id)?.ClassTime.Problem != problem)
        {
            await store.SetProblemAsync(session.Id, problem, CancellationToken.None);
            monitor.ShowScheduleProblem(session.Id, problem);
        }
    }

    /// <summary>Keeps a run (or a mail) that the tick does not wait for, so its end can be awaited and its crash logged.</summary>
    public void Track(Task run)
    {
        lock (_runs)
        {
            _runs.RemoveAll(t => t.IsCompleted);
            _runs.Add(run.ContinueWith(t =>
            {
                if (t.Exception is { } ex)
                    LogRunFailed(ex.GetBaseException());
            }, TaskScheduler.Default));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A scheduled start or stop failed")]
    private partial void LogRunFailed(Exception ex);
}
