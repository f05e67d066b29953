using Dashboard.Core.Audit;
using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Core.Persistence;
using Dashboard.Core.Sessions;
using Dashboard.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace Dashboard.Core.Actions;

/// <summary>
/// Every machine command goes through here: check the rules, claim the machine (its transitional state and the
/// operation show at once, in every browser), record it, send the request, and record the outcome when the cloud's
/// listing shows it (or, for reboots and snapshots, when the cloud says it is done).
/// </summary>
public sealed partial class MachineCommands(
    SessionMonitor monitor,
    OperationTracker operations,
    ICloud cloud,
    AuditLog audit,
    OperationJournal journal,
    StateWriter writer,
    SessionStore store,
    ConnectionDetailsBuilder connections,
    ClassTime.QuotaLedger quota,
    TimeProvider time,
    ILogger<MachineCommands> logger)
{
    public async Task<ActionResult> RunAsync(Guid machineId, MachineAction action, Viewer viewer)
    {
        var machine = monitor.FindMachine(machineId);
        if (machine is null)
            return new ActionResult(ActionOutcome.Failed, "That machine no longer exists.") { Denial = ActionDenial.NotFound };
        var session = monitor.FindSession(machine.SessionId)!;
        var actor = viewer.Name;

        var allowed = AccessPolicy.CanRun(viewer, session, machine, action);
        if (!allowed.Allowed)
            return await RefuseAsync(session, machine, AuditActions.Of(action), actor, allowed.Reason!, ActionDenial.NotAllowed);

        var check = ActionRules.Check(machine, action);
        if (!check.Allowed)
            return await RefuseAsync(session, machine, AuditActions.Of(action), actor, check.Reason!);

        if (action == MachineAction.Connect)
        {
            await LogAsync(session, machine, AuditActions.Of(action), actor, ActionOutcome.Succeeded, null);
            return new ActionResult(ActionOutcome.Succeeded, $"Connection details for {machine.Name}.", connections.For(session, machine));
        }

        var usesQuota = action == MachineAction.Start && quota.UsesQuota(session, viewer);
        if (usesQuota)
        {
            await quota.EnsureLoadedAsync();
            if (quota.RefuseStart(session, viewer) is { } noHours)
                return await RefuseAsync(session, machine, AuditActions.Of(action), actor, noHours);
        }

        if (await operations.BeginAsync([RequestFor(machine, action)], actor) is not [var claimed])
            return await RefuseAsync(session, machine, AuditActions.Of(action), actor, operations.RefusalFor(machine.Name));

        if (!await RecordIntentAsync([claimed], session, action, actor, batchId: null))
            return NotRecordedResult(claimed, action);
        // The student's own start uses their hours from the moment it is sent; a start that fails uses none.
        if (usesQuota)
            quota.OpenRun(session, claimed, viewer.UserId);
        var result = await RunClaimedAsync(session, claimed, action, actor);
        if (usesQuota && !result.Succeeded)
            quota.CancelRun(claimed.Id);
        return result;
    }

    /// <summary>
    /// Rehearses a Spot eviction (ops) under the machine's lock, like any other command: nothing else runs on it
    /// meanwhile. The machine then shows as evicted, recorded as an eviction, as the poller would show a real one.
    /// </summary>
    public async Task<ActionResult> SimulateEvictionAsync(Guid machineId, Viewer viewer)
    {
        var machine = monitor.FindMachine(machineId);
        if (machine is null)
            return new ActionResult(ActionOutcome.Failed, "That machine no longer exists.") { Denial = ActionDenial.NotFound };
        var session = monitor.FindSession(machine.SessionId)!;
        var actor = viewer.Name;
        const AuditAction name = AuditAction.SimulateEviction;
        if (AccessPolicy.CanSimulateEviction(viewer) is { Allowed: false } refused)
            return await RefuseAsync(session, machine, name, actor, refused.Reason!, ActionDenial.NotAllowed);
        if (!machine.IsSpot || machine.State != MachineState.Running)
            return await RefuseAsync(session, machine, name, actor, "Only a running Spot machine can be evicted.");
        if (await operations.BeginAsync([new OperationRequest(machine.Id, "Eviction rehearsal", null, null)], actor) is not [var claimed])
            return await RefuseAsync(session, machine, name, actor, operations.RefusalFor(machine.Name));

        await LogAsync(session, claimed, name, actor, ActionOutcome.Started, null);
        try
        {
            await cloud.SimulateEvictionAsync(claimed.CloudId!, CancellationToken.None);
            // The cloud evicts on its own time (Azure: within minutes); the listing then shows it and the poller records
            // the eviction once, as for a real one. Marking it here would flip back to Running at the next poll.
            await operations.EndAsync(claimed.Id, new StateUpdate(claimed.Id, claimed.State, StateChangeCause.Action), OperationOutcome.Success);
            await LogAsync(session, claimed, name, actor, ActionOutcome.Succeeded, null);
            return new ActionResult(ActionOutcome.Succeeded, $"Eviction of {claimed.Name} requested: it shows as evicted as soon as the cloud evicts it.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever went wrong, the machine is released: nothing leaves it held by a rehearsal that ended.
            var error = ex is CloudOperationException ? ex.Message : "An unexpected error stopped the rehearsal.";
            await operations.EndAsync(claimed.Id, new StateUpdate(claimed.Id, claimed.State, StateChangeCause.Action, error), OperationOutcome.Failure(error));
            await LogAsync(session, claimed, name, actor, ActionOutcome.Failed, error);
            if (ex is not CloudOperationException)
                throw;
            return new ActionResult(ActionOutcome.Failed, error);
        }
    }

    private async Task<ActionResult> RunClaimedAsync(SessionView session, MachineView machine, MachineAction action, string actor)
    {
        using var span = DashboardTelemetry.StartCommand(action.ToString(), session.Name, machine.Name);
        await LogAsync(session, machine, AuditActions.Of(action), actor, ActionOutcome.Started, null);
        OperationOutcome outcome;
        string? message = null;
        // Taken now: a listing may end the operation (a fast failure) before the cloud call returns.
        var done = operations.WhenDoneAsync(machine.Id);
        try
        {
            // The request runs to its end even if the person who asked closes the page.
            message = await CallCloudAsync(session, machine, action);
            if (CompletesByListing(machine, action))
            {
                operations.MarkSent(machine.Id);
                outcome = await done;
            }
            else
            {
                await operations.EndAsync(machine.Id, new StateUpdate(machine.Id, FinalStateOf(action, machine), StateChangeCause.Action), OperationOutcome.Success);
                outcome = OperationOutcome.Success;
            }
        }
        catch (CloudOperationException ex)
        {
            LogCommandFailed(action, machine.Name, ex.Code, ex.Message);
            // Show the state as it was; the next poll corrects it if the cloud moved anyway.
            outcome = OperationOutcome.Failure(ex.Message);
            await operations.EndAsync(machine.Id, new StateUpdate(machine.Id, machine.State, StateChangeCause.Action, ex.Message), outcome);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A fault nobody foresaw still ends as a recorded failure, never as a machine stuck mid-command.
            LogCommandCrashed(ex, action, machine.Name);
            outcome = OperationOutcome.Failure("An unexpected error stopped the command; it is in the server log.");
            await operations.EndAsync(machine.Id, new StateUpdate(machine.Id, machine.State, StateChangeCause.Action, "An unexpected error stopped the command."), outcome);
        }

        span.Ended(outcome.Succeeded, outcome.Error);
        await LogAsync(session, machine, AuditActions.Of(action), actor, outcome.Succeeded ? ActionOutcome.Succeeded : ActionOutcome.Failed, outcome.Error);
        return outcome.Succeeded
            ? new ActionResult(ActionOutcome.Succeeded, message ?? $"{action} {machine.Name} done.")
            : new ActionResult(ActionOutcome.Failed, $"{action} {machine.Name} failed: {outcome.Error}");
    }

    /// <summary>Operations whose end the listing shows; the others end when the cloud call returns.</summary>
    private static bool CompletesByListing(MachineView machine, MachineAction action) => action switch
    {
        MachineAction.Start or MachineAction.Stop or MachineAction.Hibernate or MachineAction.Retry => true,
        MachineAction.Delete => !IsGoneWithEviction(machine),
        _ => false,
    };

    private static OperationRequest RequestFor(MachineView machine, MachineAction action) =>
        new(machine.Id, action.ToString(), TransitionalStateOf(action),
            CompletesByListing(machine, action) ? FinalStateOf(action, machine) : null);

    // An evicted machine under the Delete policy is already gone from the cloud.
    private static bool IsGoneWithEviction(MachineView machine) =>
        machine.State == MachineState.Evicted && machine.EvictionPolicy == EvictionPolicy.Delete;

    private async Task<string> CallCloudAsync(SessionView session, MachineView machine, MachineAction action)
    {
        var id = machine.CloudId!;
        var none = CancellationToken.None;
        switch (action)
        {
            case MachineAction.Start:
                await cloud.StartAsync(id, none);
                return $"{machine.Name} is running.";
            case MachineAction.Stop:
                await cloud.StopAsync(id, none);
                return $"{machine.Name} is stopped and deallocated: compute billing has stopped.";
            case MachineAction.Hibernate:
                await cloud.HibernateAsync(id, none);
                return $"{machine.Name} is hibernated: memory is saved to disk and compute billing has stopped.";
            case MachineAction.Reboot:
                await cloud.RebootAsync(id, none);
                return $"{machine.Name} rebooted.";
            case MachineAction.Snapshot:
                return $"Snapshot {await cloud.SnapshotAsync(id, none)} of {machine.Name} created.";
            case MachineAction.Delete:
                if (!IsGoneWithEviction(machine))
                    await cloud.DeleteAsync(id, none);
                return $"{machine.Name} deleted.";
            case MachineAction.Retry:
                await cloud.CreateAsync(SessionPlanner.SpecOf(session, machine), none);
                return $"{machine.Name} created.";
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, null);
        }
    }

    private static MachineState? TransitionalStateOf(MachineAction action) => action switch
    {
        MachineAction.Start or MachineAction.Reboot => MachineState.Starting,
        MachineAction.Stop or MachineAction.Hibernate => MachineState.Stopping,
        MachineAction.Delete => MachineState.Deleting,
        MachineAction.Retry => MachineState.Creating,
        _ => null,
    };

    private static MachineState FinalStateOf(MachineAction action, MachineView before) => action switch
    {
        MachineAction.Start or MachineAction.Reboot or MachineAction.Retry => MachineState.Running,
        MachineAction.Stop => MachineState.Deallocated,
        MachineAction.Hibernate => MachineState.Hibernated,
        MachineAction.Delete => MachineState.Deleted,
        _ => before.State,
    };

    private async Task<ActionResult> RefuseAsync(SessionView session, MachineView machine, AuditAction action, string actor, string reason,
        ActionDenial denial = ActionDenial.InvalidState)
    {
        await LogAsync(session, machine, action, actor, ActionOutcome.Refused, reason);
        return new ActionResult(ActionOutcome.Refused, reason) { Denial = denial };
    }

    [LoggerMessage(LogLevel.Error, "{Action} on {Machine} failed unexpectedly")]
    private partial void LogCommandCrashed(Exception exception, MachineAction action, string machine);

    [LoggerMessage(LogLevel.Warning, "{Action} on {Machine} failed with {Code}: {Message}")]
    private partial void LogCommandFailed(MachineAction action, string machine, string code, string message);
}
