using Dashboard.Core.Domain;
using Dashboard.Core.People;

namespace Dashboard.Core.Actions;

public sealed partial class MachineCommands
{
    /// <summary>
    /// Brings an evicted Spot machine back: starts it again when Azure only deallocated it, or creates it again from the
    /// formation when Azure deleted it, at Spot or (falling back) regular priority. Runs under the machine's lock and is
    /// recorded like any command; the outcome says whether the cloud had capacity.
    /// </summary>
    public async Task<ActionResult> RecoverSpotAsync(Guid machineId, MachinePriority priority, Viewer viewer)
    {
        var machine = monitor.FindMachine(machineId);
        if (machine is null)
            return new ActionResult(ActionOutcome.Failed, "That machine no longer exists.") { Denial = ActionDenial.NotFound };
        var session = monitor.FindSession(machine.SessionId)!;
        var actor = viewer.Name;
        const AuditAction audited = AuditAction.RecoverSpot;
        if (AccessPolicy.CanRunBatch(viewer, session) is { Allowed: false } refused)
            return await RefuseAsync(session, machine, audited, actor, refused.Reason!, ActionDenial.NotAllowed);
        var restart = machine.EvictionPolicy == EvictionPolicy.Deallocate;
        // A recreation that found no capacity leaves the machine failed: it is tried again like an evicted one.
        if (machine.State != MachineState.Evicted && !(machine.State == MachineState.Failed && !restart))
            return await RefuseAsync(session, machine, audited, actor, "Only an evicted Spot machine is recovered.");
        if (restart && priority != machine.Priority)
            return await RefuseAsync(session, machine, audited, actor,
                "A deallocated Spot VM keeps its priority: only a machine Azure deleted is created again at regular priority.");

        var action = restart ? MachineAction.Start : MachineAction.Retry;
        if (await operations.BeginAsync([RequestFor(machine, action)], actor) is not [var claimed])
            return await RefuseAsync(session, machine, audited, actor, operations.RefusalFor(machine.Name));
        if (priority != claimed.Priority)
        {
            // The machine is created at its new priority, and shows it at once.
            await monitor.SetPriorityAsync(claimed.Id, priority, fellBack: priority == MachinePriority.Regular);
            claimed = claimed with { Priority = priority, FellBackFromSpot = priority == MachinePriority.Regular };
        }

        if (!await RecordIntentAsync([claimed], session, action, actor, batchId: null))
            return NotRecordedResult(claimed, action);
        return await RunClaimedAsync(session, claimed, action, actor);
    }
}
