using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;

namespace Dashboard.Core.Live;

/// <summary>An operation the dashboard started on a machine and the state the machine had before it.</summary>
public sealed record PendingOperation(string Name, MachineState Before);

public readonly record struct StateDecision(MachineState State, StateChangeCause Cause);

/// <summary>
/// Turns what the cloud lists into the state the dashboard shows. The one subtle part: a Spot machine that
/// deallocates or vanishes while nobody asked it to was evicted.
/// </summary>
public static class StateReconciler
{
    /// <returns>The new state, or null when the shown state stays as it is.</returns>
    public static StateDecision? Decide(MachineView machine, CloudMachineStatus? status, PendingOperation? pending)
    {
        if (pending is not null)
            return DecideWhilePending(machine, status, pending);

        if (status is null)
            return DecideMissing(machine);

        var reported = status.State;
        if (machine.IsSpot && IsReclaimed(reported) && !IsAtRest(machine.State))
            return new StateDecision(MachineState.Evicted, StateChangeCause.Eviction);
        if (machine.State == MachineState.Evicted && IsReclaimed(reported))
            return null;
        return reported != machine.State ? new StateDecision(reported, StateChangeCause.Cloud) : null;
    }

    private static StateDecision? DecideWhilePending(MachineView machine, CloudMachineStatus? status, PendingOperation pending)
    {
        if (status is null)
        {
            // A VM being created may not be listed yet; one being deleted is gone as asked.
            return pending.Name switch
            {
                "Create" => null,
                "Delete" => new StateDecision(MachineState.Deleted, StateChangeCause.Action),
                _ => DecideMissing(machine),
            };
        }

        // Until the cloud shows the operation under way, keep the transitional state the dashboard set.
        // Evicted is the dashboard's word: until the operation shows, the cloud reports the machine as the eviction left it.
        var asBefore = status.State == pending.Before || (pending.Before == MachineState.Evicted && IsReclaimed(status.State));
        if (asBefore || status.State == machine.State)
            return null;
        // Only the steps on the way show from the listing; the final state shows when the operation reports it
        // done, so no button comes alive while the command still holds the machine.
        return ActionRules.IsTransitional(status.State) ? new StateDecision(status.State, StateChangeCause.Action) : null;
    }

    private static StateDecision? DecideMissing(MachineView machine) => machine.State switch
    {
        MachineState.Evicted or MachineState.Deleted => null,
        // A failed creation may never have reached the cloud: keep it so the user sees it and can retry or delete.
        MachineState.Failed => null,
        _ when machine.IsSpot && machine.EvictionPolicy == EvictionPolicy.Delete =>
            new StateDecision(MachineState.Evicted, StateChangeCause.Eviction),
        _ => new StateDecision(MachineState.Deleted, StateChangeCause.Cloud),
    };

    private static bool IsReclaimed(MachineState state) =>
        state is MachineState.Deallocating or MachineState.Deallocated or MachineState.Deleting;

    private static bool IsAtRest(MachineState state) =>
        state is MachineState.Deallocated or MachineState.Hibernated or MachineState.Evicted or MachineState.Deallocating;
}
