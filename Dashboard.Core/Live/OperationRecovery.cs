using Dashboard.Core.Audit;
using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;
using Dashboard.Core.Persistence;
using Microsoft.Extensions.Logging;

namespace Dashboard.Core.Live;

/// <summary>
/// After a restart, closes the operations the last process did not see end: each record still queued or sent becomes
/// interrupted, with what the cloud shows now, in the audit trail and on the machine's row. A machine whose operation
/// is still under way in the cloud is watched again as that operation, so a Spot machine we were stopping reads as
/// stopped when it gets there, never as evicted.
/// </summary>
public sealed partial class OperationRecovery(
    SessionStore store,
    StateWriter writer,
    SessionMonitor live,
    OperationTracker operations,
    OperationJournal journal,
    AuditLog audit,
    TimeProvider time,
    ILogger<OperationRecovery> logger)
{
    /// <summary>Runs before the first reconciliation, with its listing; throws when the records cannot be read.</summary>
    public async Task RecoverAsync(IReadOnlyDictionary<string, CloudMachineStatus> listed, CancellationToken cancellationToken)
    {
        // Commands may run before the first poll: what this process recorded is in flight, not interrupted; so is what
        // a peer server runs now (its machine shows the operation), when this server takes over the polling.
        var open = (await store.OpenOperationRecordsAsync(cancellationToken))
            .Where(r => !journal.IsOwn(r.Id) && !live.IsBusy(r.MachineId)).ToList();
        if (open.Count == 0)
        {
            journal.Recovered();
            return;
        }

        var now = time.GetUtcNow();
        var closed = new List<OperationRecordChange>();
        var entries = new List<ActionLogEntry>();
        var resumed = new List<(OperationRequest Request, string Actor)>();
        _ = live.Edit(edit =>
        {
            foreach (var record in open.OrderBy(r => r.QueuedAt))
            {
                var machine = edit.Machine(record.MachineId);
                var status = machine?.CloudId is { } id ? listed.GetValueOrDefault(id) : null;
                var outcome = OutcomeOf(record, machine, status);
                closed.Add(new OperationRecordChange(record.Id, OperationRecordState.Interrupted, now, outcome));
                entries.Add(audit.Entry(new AuditRecord(record.Actor, AuditAction.OperationInterrupted, ActionOutcome.Failed,
                    record.SessionName, record.MachineName, outcome)));
                // A machine the cloud no longer lists is left to the poller, which confirms before removing it.
                if (machine is null || status is null || machine.Operation is not null)
                    continue;
                if (ActionRules.IsTransitional(status.State) && ExpectedOf(record.Action) is { } expected)
                    resumed.Add((new OperationRequest(machine.Id, record.Action, null, expected), record.Actor));
                else
                    edit.ApplyState(new StateUpdate(machine.Id, status.State, StateChangeCause.Action, outcome));
            }
        });
        foreach (var group in resumed.GroupBy(r => r.Actor))
            operations.Begin([.. group.Select(r => r.Request)], group.Key);

        // Queued behind the states just shown; kept and retried like every other write while the database is away.
        _ = writer.EnqueueAsync(ct => store.InterruptAsync(closed, entries, ct));
        journal.Recovered();
        LogRecovered(open.Count, resumed.Count);
    }

    private static string OutcomeOf(OperationRecord record, MachineView? machine, CloudMachineStatus? status)
    {
        var start = record.State == OperationRecordState.Queued
            ? $"{record.Action} interrupted by a restart; it was never sent and"
            : $"{record.Action} interrupted by a restart;";
        if (machine is null)
            return $"{start} the machine is no longer in the dashboard.";
        if (status is null)
            return $"{start} the cloud no longer lists the machine.";
        if (ActionRules.IsTransitional(status.State))
            return $"{start} the machine is still {DisplayText.Of(status.State)}.";
        return $"{start} the machine is {(status.State == MachineState.Deallocated ? "stopped" : DisplayText.Of(status.State))}.";
    }

    private static MachineState? ExpectedOf(string action) => action switch
    {
        "Start" or "Reboot" or "Retry" or "Create" => MachineState.Running,
        "Stop" => MachineState.Deallocated,
        "Hibernate" => MachineState.Hibernated,
        "Delete" => MachineState.Deleted,
        _ => null,
    };

    [LoggerMessage(LogLevel.Warning, "{Count} operation(s) were interrupted by a restart; {Resumed} still under way in the cloud are watched again")]
    private partial void LogRecovered(int count, int resumed);
}
