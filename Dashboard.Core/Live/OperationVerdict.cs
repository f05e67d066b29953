using Dashboard.Core.Domain;

namespace Dashboard.Core.Live;

/// <summary>What a listing says about an operation in flight.</summary>
public enum VerdictKind
{
    /// <summary>Nothing new: keep showing what is shown.</summary>
    Keep,

    /// <summary>The cloud shows a step on the way: show it, the operation goes on.</summary>
    Show,

    /// <summary>The cloud shows the operation's end state: it succeeded.</summary>
    Done,

    /// <summary>The cloud shows the machine somewhere the operation does not lead: it failed.</summary>
    Failed,
}

public readonly record struct OperationVerdict(VerdictKind Kind, MachineState State, string? Error = null, StateChangeCause Cause = StateChangeCause.Action)
{
    public static OperationVerdict Keep { get; } = new(VerdictKind.Keep, MachineState.Unknown);
}

/// <summary>An operation whose end the poller watches for: the final state it leads to, if the listing can show it.</summary>
public sealed record TrackedOperation(MachineOperation Operation, MachineState? Expected, DateTimeOffset Deadline)
{
    /// <summary>The listing has shown the operation under way (a transitional state, or a move away from Before).</summary>
    public bool SeenUnderWay { get; set; }

    /// <summary>Listing-completed operations end when the cloud shows <see cref="Expected"/>; the others when their caller says.</summary>
    public bool CompletesByListing => Expected is not null;

    /// <summary>The operation that deletes a machine and creates it again on Spot.</summary>
    public const string ReturnToSpot = "Return to Spot";

    /// <summary>Operations during which the cloud may not list the machine at all (it is being created, or made again).</summary>
    public bool MayBeUnlisted => Operation.Name is "Create" or "Retry" or ReturnToSpot;
}
