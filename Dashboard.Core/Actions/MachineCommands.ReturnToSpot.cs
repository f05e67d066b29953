using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Core.Sessions;

namespace Dashboard.Core.Actions;

public sealed partial class MachineCommands
{
    /// <summary>The operation's name on the machine while it moves back to Spot.</summary>
    public const string ReturnToSpotOperation = TrackedOperation.ReturnToSpot;

    private static readonly TimeSpan CloudStepLimit = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan CloudStepPoll = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Moves a machine that fell back to regular priority back to Spot. Azure cannot change a VM's priority, so the
    /// machine (Delete policy: nothing on its disks is kept) is deleted and created again on Spot; when Spot still has
    /// no capacity it is created again at regular priority at once, and the result says so. Runs under the machine's
    /// lock, with every step shown in every browser.
    /// </summary>
    public async Task<ActionResult> ReturnToSpotAsync(Guid machineId, Viewer viewer)
    {
        if (monitor.FindMachine(machineId) is not { } machine || monitor.FindSession(machine.SessionId) is not { } session)
            return new ActionResult(ActionOutcome.Failed, "That machine no longer exists.") { Denial = ActionDenial.NotFound };
        const Domain.AuditAction audited = Domain.AuditAction.RecoverSpot;
        var actor = viewer.Name;
        if (AccessPolicy.CanRunBatch(viewer, session) is { Allowed: false } refused)
            return await RefuseAsync(session, machine, audited, actor, refused.Reason!, ActionDenial.NotAllowed);
        if (!machine.FellBackFromSpot || machine.Priority != MachinePriority.Regular || machine.EvictionPolicy != EvictionPolicy.Delete
            || machine.State != MachineState.Running || machine.CloudId is null)
            return await RefuseAsync(session, machine, audited, actor, "Only a running machine that fell back from Spot (Delete policy) goes back to Spot.");

        var request = new OperationRequest(machine.Id, ReturnToSpotOperation, MachineState.Deleting, null);
        if (await operations.BeginAsync([request], actor) is not [var claimed])
            return await RefuseAsync(session, machine, audited, actor, operations.RefusalFor(machine.Name));
        if (!await RecordIntentAsync([claimed], session, ReturnToSpotOperation, actor, batchId: null))
            return new ActionResult(ActionOutcome.Failed, $"{ReturnToSpotOperation} of {claimed.Name} failed: {NotRecorded}");

        await LogAsync(session, claimed, audited, actor, ActionOutcome.Started, $"{ReturnToSpotOperation}: deleting {claimed.Name} to create it again on Spot.");
        var (result, final) = await MoveToSpotAsync(session, claimed);
        await operations.EndAsync(claimed.Id, final, result.Succeeded ? OperationOutcome.Success : OperationOutcome.Failure(result.Message));
        await LogAsync(session, claimed, audited, actor, result.Succeeded ? ActionOutcome.Succeeded : ActionOutcome.Failed, result.Message);
        return result;
    }

    private async Task<(ActionResult Result, StateUpdate Final)> MoveToSpotAsync(SessionView session, MachineView machine)
    {
        var id = machine.CloudId!;
        try
        {
            await cloud.DeleteAsync(id, CancellationToken.None);
            await WaitForCloudAsync(id, status => status is null);
            await operations.ShowStepAsync(machine.Id, MachineState.Creating);
            await monitor.SetPriorityAsync(machine.Id, MachinePriority.Spot, fellBack: false);
            var spot = machine with { Priority = MachinePriority.Spot, FellBackFromSpot = false };
            var created = await CreateAndWaitAsync(session, spot);
            if (created.State == MachineState.Running)
            {
                return (new ActionResult(ActionOutcome.Succeeded, $"{machine.Name} runs on Spot again."),
                    new StateUpdate(machine.Id, MachineState.Running, StateChangeCause.Action));
            }

            // No Spot capacity yet: the machine runs at regular priority again rather than not at all.
            await monitor.SetPriorityAsync(machine.Id, MachinePriority.Regular, fellBack: true);
            var again = await CreateAndWaitAsync(session, machine);
            var why = created.Problem ?? "Spot had no capacity.";
            return again.State == MachineState.Running
                ? (new ActionResult(ActionOutcome.Failed, $"{machine.Name} could not go back to Spot ({why}); it runs at regular priority again."),
                    new StateUpdate(machine.Id, MachineState.Running, StateChangeCause.Action))
                : (new ActionResult(ActionOutcome.Failed, $"{machine.Name} could not be created again: {again.Problem ?? why}"),
                    new StateUpdate(machine.Id, MachineState.Failed, StateChangeCause.Action, again.Problem ?? why));
        }
        catch (CloudOperationException ex)
        {
            LogCommandFailed(MachineAction.Retry, machine.Name, ex.Code, ex.Message);
            var state = (await cloud.ReadAsync(id, CancellationToken.None))?.State ?? MachineState.Failed;
            return (new ActionResult(ActionOutcome.Failed, $"{ReturnToSpotOperation} of {machine.Name} failed: {ex.Message}"),
                new StateUpdate(machine.Id, state, StateChangeCause.Action, ex.Message));
        }
    }

    // Creates the machine as the view describes it and waits until the cloud shows it running or failed.
    private async Task<(MachineState State, string? Problem)> CreateAndWaitAsync(SessionView session, MachineView machine)
    {
        try
        {
            await cloud.CreateAsync(SessionPlanner.SpecOf(session, machine), CancellationToken.None);
        }
        catch (CloudOperationException ex)
        {
            return (MachineState.Failed, ex.Message);
        }

        var status = await WaitForCloudAsync(machine.CloudId!, s => s?.State is MachineState.Running or MachineState.Failed);
        return (status?.State ?? MachineState.Failed, status?.Problem);
    }

    private async Task<CloudMachineStatus?> WaitForCloudAsync(string cloudId, Func<CloudMachineStatus?, bool> done)
    {
        var deadline = time.GetUtcNow() + CloudStepLimit;
        while (true)
        {
            var status = await cloud.ReadAsync(cloudId, CancellationToken.None);
            if (done(status))
                return status;
            if (time.GetUtcNow() > deadline)
                throw new CloudOperationException("Timeout", $"The cloud did not get there within {DisplayText.Duration(CloudStepLimit)}.");
            await Task.Delay(CloudStepPoll, time);
        }
    }
}
