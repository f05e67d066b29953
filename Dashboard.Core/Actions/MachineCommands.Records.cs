using Dashboard.Core.Audit;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;

namespace Dashboard.Core.Actions;

public sealed partial class MachineCommands
{
    // How long a command waits for the database before it gives up without sending anything.
    private static readonly TimeSpan IntentWait = TimeSpan.FromSeconds(10);

    // How long a command waits for its audit entry; past it the entry stays queued and is saved when it can be.
    private static readonly TimeSpan AuditWait = TimeSpan.FromSeconds(5);

    private const string NotRecorded = "Not sent: the database could not record the request, so nothing was asked of the cloud.";

    /// <summary>
    /// Records every claimed machine's intent in one write before any request goes out, so a restart knows what was
    /// under way. When the database cannot take it in time, the claims end as failed and nothing is sent.
    /// </summary>
    private Task<bool> RecordIntentAsync(IReadOnlyList<MachineView> claimed, SessionView session, MachineAction action,
        string actor, Guid? batchId) =>
        RecordIntentAsync(claimed, session, action.ToString(), actor, batchId);

    /// <inheritdoc cref="RecordIntentAsync(IReadOnlyList{MachineView}, SessionView, MachineAction, string, Guid?)"/>
    private async Task<bool> RecordIntentAsync(IReadOnlyList<MachineView> claimed, SessionView session, string action,
        string actor, Guid? batchId)
    {
        try
        {
            await journal.RecordIntentAsync(claimed, session.Name, action, actor, batchId).WaitAsync(IntentWait, time);
            return true;
        }
        catch (Exception ex)
        {
            LogIntentNotRecorded(ex, action, claimed.Count);
            // Shown at once; the state's own write waits in the queue like every other.
            foreach (var machine in claimed)
                _ = operations.EndAsync(machine.Id, new StateUpdate(machine.Id, machine.State, StateChangeCause.Action, NotRecorded),
                    OperationOutcome.Failure(NotRecorded));

            return false;
        }
    }

    private static ActionResult NotRecordedResult(MachineView machine, MachineAction action) =>
        new(ActionOutcome.Failed, $"{action} {machine.Name} failed: {NotRecorded}");

    /// <summary>Queues the audit entry in order with the state writes; waits for it a little, never for ever.</summary>
    private async Task LogAsync(SessionView session, MachineView? machine, AuditAction action, string actor, ActionOutcome outcome, string? error)
    {
        var entry = audit.Entry(new AuditRecord(actor, action, outcome, session.Name, machine?.Name, error));
        try
        {
            await writer.EnqueueAsync(ct => store.LogAsync(entry, ct)).WaitAsync(AuditWait, time);
        }
        catch (TimeoutException)
        {
            LogAuditDelayed(action, session.Name);
        }
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Microsoft.Extensions.Logging.LogLevel.Error,
        "{Action} of {Count} machine(s) was not sent: its intent could not be recorded")]
    private partial void LogIntentNotRecorded(Exception exception, string action, int count);

    [Microsoft.Extensions.Logging.LoggerMessage(Microsoft.Extensions.Logging.LogLevel.Warning,
        "The audit entry of {Action} on {Session} waits for the database; it is saved when the database answers")]
    private partial void LogAuditDelayed(AuditAction action, string session);
}
