using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Core.Persistence;
using Dashboard.Core.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Actions;

/// <summary>
/// Every machine command goes through here: check the rules, record it, show the transitional state at once,
/// run it on the cloud, then show the final state and record the outcome.
/// </summary>
public sealed partial class MachineCommands(
    SessionMonitor monitor,
    ICloud cloud,
    SessionStore store,
    ConnectionDetailsBuilder connections,
    IOptions<MonitorOptions> options,
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
            return await RefuseAsync(session, machine, action.ToString(), actor, allowed.Reason!, ActionDenial.NotAllowed);

        var check = ActionRules.Check(machine, action);
        if (!check.Allowed)
            return await RefuseAsync(session, machine, action.ToString(), actor, check.Reason!);

        if (action == MachineAction.Connect)
        {
            await LogAsync(session, machine, action.ToString(), actor, ActionOutcome.Succeeded, null);
            return new ActionResult(ActionOutcome.Succeeded, $"Connection details for {machine.Name}.", connections.For(session, machine));
        }

        if (!monitor.TryBeginOperation(machineId, action.ToString()))
            return await RefuseAsync(session, machine, action.ToString(), actor, $"Another command is still running on {machine.Name}.");

        return await RunClaimedAsync(session, machine, action, actor);
    }

    /// <summary>Rehearses a Spot eviction (ops): the monitor sees it exactly as it would see a real one.</summary>
    public async Task<ActionResult> SimulateEvictionAsync(Guid machineId, Viewer viewer)
    {
        var machine = monitor.FindMachine(machineId);
        if (machine is null)
            return new ActionResult(ActionOutcome.Failed, "That machine no longer exists.");
        var session = monitor.FindSession(machine.SessionId)!;
        var actor = viewer.Name;
        const string name = "SimulateEviction";
        if (AccessPolicy.CanSimulateEviction(viewer) is { Allowed: false } refused)
            return await RefuseAsync(session, machine, name, actor, refused.Reason!, ActionDenial.NotAllowed);
        if (!machine.IsSpot || machine.State != MachineState.Running)
            return await RefuseAsync(session, machine, name, actor, "Only a running Spot machine can be evicted.");
        try
        {
            await cloud.SimulateEvictionAsync(machine.CloudId!, CancellationToken.None);
            await LogAsync(session, machine, name, actor, ActionOutcome.Succeeded, null);
            return new ActionResult(ActionOutcome.Succeeded, $"Eviction of {machine.Name} rehearsed.");
        }
        catch (CloudOperationException ex)
        {
            await LogAsync(session, machine, name, actor, ActionOutcome.Failed, ex.Message);
            return new ActionResult(ActionOutcome.Failed, ex.Message);
        }
    }

    /// <summary>Runs Stop All / Terminate All concurrently and reports every machine's outcome.</summary>
    public async Task<BatchResult> RunBatchAsync(Guid sessionId, BatchAction batch, Viewer viewer)
    {
        var session = monitor.FindSession(sessionId)
            ?? throw new InvalidOperationException("That session no longer exists.");
        var actor = viewer.Name;
        if (AccessPolicy.CanRunBatch(viewer, session) is { Allowed: false } refused)
        {
            await LogAsync(session, null, batch.ToString(), actor, ActionOutcome.Refused, refused.Reason);
            return BatchResult.RefusedWith(batch, refused.Reason!);
        }

        var action = ActionRules.ActionOf(batch);
        var targets = session.Machines.Where(m => ActionRules.AppliesTo(batch, m)).ToList();
        var skipped = session.Machines.Except(targets)
            .Select(m => (m.Name, ActionRules.Check(m, action).Reason ?? "not applicable")).ToList();
        await LogAsync(session, null, batch.ToString(), actor, ActionOutcome.Started, null);

        using var throttle = new SemaphoreSlim(Math.Max(1, options.Value.BatchConcurrency));
        var results = await Task.WhenAll(targets.Select(async m =>
        {
            await throttle.WaitAsync();
            try
            {
                return (m.Name, Result: await RunAsync(m.Id, action, viewer));
            }
            finally
            {
                throttle.Release();
            }
        }));

        var result = new BatchResult(batch,
            results.Where(r => r.Result.Succeeded).Select(r => r.Name).ToList(),
            results.Where(r => !r.Result.Succeeded).Select(r => (r.Name, r.Result.Message)).ToList(),
            skipped);
        await LogAsync(session, null, batch.ToString(), actor,
            result.Failed.Count == 0 ? ActionOutcome.Succeeded : ActionOutcome.Failed,
            result.Failed.Count == 0 ? null : result.Summary);
        return result;
    }

    private async Task<ActionResult> RunClaimedAsync(SessionView session, MachineView machine, MachineAction action, string actor)
    {
        await LogAsync(session, machine, action.ToString(), actor, ActionOutcome.Started, null);
        StateUpdate? final = null;
        try
        {
            if (TransitionalStateOf(action) is { } transitional)
                await monitor.ApplyAsync([new StateUpdate(machine.Id, transitional, StateChangeCause.Action)], CancellationToken.None);

            // The cloud operation runs to its end even if the person who asked closes the page.
            var message = await CallCloudAsync(session, machine, action);
            final = new StateUpdate(machine.Id, FinalStateOf(action, machine), StateChangeCause.Action);
            await LogAsync(session, machine, action.ToString(), actor, ActionOutcome.Succeeded, null);
            return new ActionResult(ActionOutcome.Succeeded, message);
        }
        catch (CloudOperationException ex)
        {
            LogCommandFailed(action, machine.Name, ex.Code, ex.Message);
            // Show the state as it was; the next poll corrects it if the cloud moved anyway.
            final = new StateUpdate(machine.Id, machine.State, StateChangeCause.Action, ex.Message);
            await LogAsync(session, machine, action.ToString(), actor, ActionOutcome.Failed, ex.Message);
            return new ActionResult(ActionOutcome.Failed, $"{action} {machine.Name} failed: {ex.Message}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A fault nobody foresaw still ends as a recorded failure, never as a machine stuck mid-command.
            LogCommandCrashed(ex, action, machine.Name);
            final = new StateUpdate(machine.Id, machine.State, StateChangeCause.Action, "An unexpected error stopped the command.");
            await LogAsync(session, machine, action.ToString(), actor, ActionOutcome.Failed, ex.Message);
            return new ActionResult(ActionOutcome.Failed, $"{action} {machine.Name} failed because of an unexpected error; it is in the server log.");
        }
        finally
        {
            await monitor.EndOperationAsync(machine.Id, final, CancellationToken.None);
        }
    }

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
                // An evicted machine under the Delete policy is already gone from the cloud.
                if (!(machine.State == MachineState.Evicted && machine.EvictionPolicy == EvictionPolicy.Delete))
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

    private async Task<ActionResult> RefuseAsync(SessionView session, MachineView machine, string action, string actor, string reason,
        ActionDenial denial = ActionDenial.InvalidState)
    {
        await LogAsync(session, machine, action, actor, ActionOutcome.Refused, reason);
        return new ActionResult(ActionOutcome.Refused, reason) { Denial = denial };
    }

    private Task LogAsync(SessionView session, MachineView? machine, string action, string actor, ActionOutcome outcome, string? error) =>
        store.LogAsync(new ActionLogEntry
        {
            At = time.GetUtcNow(),
            Actor = actor,
            Action = action,
            SessionName = session.Name,
            MachineName = machine?.Name,
            Outcome = outcome,
            Error = error,
        }, CancellationToken.None);

    [LoggerMessage(LogLevel.Error, "{Action} on {Machine} failed unexpectedly")]
    private partial void LogCommandCrashed(Exception exception, MachineAction action, string machine);

    [LoggerMessage(LogLevel.Warning, "{Action} on {Machine} failed with {Code}: {Message}")]
    private partial void LogCommandFailed(MachineAction action, string machine, string code, string message);
}
