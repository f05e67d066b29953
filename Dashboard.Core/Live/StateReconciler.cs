using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;

namespace Dashboard.Core.Live;

public readonly record struct StateDecision(MachineState State, StateChangeCause Cause);

/// <summary>
/// Turns what the cloud lists into the state the dashboard shows, and judges operations in flight by it. The one
/// subtle part: a Spot machine that deallocates or vanishes while nobody asked it to was evicted.
/// </summary>
public static class StateReconciler
{
    /// <returns>The new state, or null when the shown state stays as it is.</returns>
    public static StateDecision? Decide(MachineView machine, CloudMachineStatus? status)
    {
        if (status is null)
            return DecideMissing(machine);

        var reported = status.State;
        if (machine.IsSpot && IsReclaimed(reported) && !IsAtRest(machine.State))
            return new StateDecision(MachineState.Evicted, StateChangeCause.Eviction);
        if (machine.State == MachineState.Evicted && IsReclaimed(reported))
            return null;
        return reported != machine.State ? new StateDecision(reported, StateChangeCause.Cloud) : null;
    }

    /// <summary>Judges an operation in flight by what the cloud lists for its machine.</summary>
    public static OperationVerdict Judge(MachineView machine, CloudMachineStatus? status, TrackedOperation tracked)
    {
        var operation = tracked.Operation;
        if (status is null)
            return JudgeMissing(machine, tracked);

        var listed = status.State;
        if (tracked.Expected == listed && (listed != operation.Before || tracked.SeenUnderWay))
            return new OperationVerdict(VerdictKind.Done, listed);
        var problem = ProblemOf(status, tracked);
        if (problem is not null && tracked.CompletesByListing)
            return Failed(machine, listed, tracked, problem);
        if (ActionRules.IsTransitional(listed))
        {
            tracked.SeenUnderWay = true;
            return listed == machine.State ? OperationVerdict.Keep : new OperationVerdict(VerdictKind.Show, listed);
        }

        // Until the cloud shows the operation under way, keep the transitional state the dashboard set. Evicted is the
        // dashboard's word: until the operation shows, the cloud reports the machine as the eviction left it.
        if (!tracked.CompletesByListing || (AsBefore(listed, operation) && !tracked.SeenUnderWay))
            return OperationVerdict.Keep;

        // The cloud went elsewhere (or back): the operation did not do what it was asked.
        return Failed(machine, listed, tracked, status.Problem
            ?? $"{operation.Name} of {machine.Name} did not complete: the cloud shows it {DisplayText.Of(listed)}.");
    }

    private static OperationVerdict Failed(MachineView machine, MachineState listed, TrackedOperation tracked, string error)
    {
        var operation = tracked.Operation;
        var creating = operation.Name is "Create" or "Retry";
        var state = creating ? MachineState.Failed : AsBefore(listed, operation) ? operation.Before : listed;
        return new OperationVerdict(VerdictKind.Failed, state, creating && !error.StartsWith("Creation", StringComparison.Ordinal) ? $"Creation failed: {error}" : error);
    }

    private static bool AsBefore(MachineState listed, MachineOperation operation) =>
        listed == operation.Before || (operation.Before == MachineState.Evicted && IsReclaimed(listed));

    // A problem the cloud recorded before this operation began belongs to an earlier one.
    private static string? ProblemOf(CloudMachineStatus status, TrackedOperation tracked)
    {
        if (status.Problem is null)
            return null;
        // Retrying a failed machine: the failure still listed is the last attempt's until the retry shows under way.
        if (tracked.Operation.Before == MachineState.Failed && !tracked.SeenUnderWay)
            return null;
        if (status.ProblemSince is { } since)
            return since >= tracked.Operation.Since - TimeSpan.FromSeconds(5) ? status.Problem : null;
        return tracked.SeenUnderWay || tracked.Operation.Before == MachineState.Creating ? status.Problem : null;
    }

    private static OperationVerdict JudgeMissing(MachineView machine, TrackedOperation tracked)
    {
        if (tracked.Expected == MachineState.Deleted)
            return new OperationVerdict(VerdictKind.Done, MachineState.Deleted);
        // A VM being created may not be listed yet.
        if (tracked.Operation.Before == MachineState.Creating || tracked.MayBeUnlisted)
            return OperationVerdict.Keep;
        return DecideMissing(machine) is { } gone
            ? new OperationVerdict(VerdictKind.Failed, gone.State,
                gone.State == MachineState.Evicted ? null : $"{machine.Name} disappeared from the cloud while {tracked.Operation.Name} was running.",
                gone.Cause)
            : OperationVerdict.Keep;
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
