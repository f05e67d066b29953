namespace Dashboard.Core.Domain;

/// <summary>Whether an action may run, and if not, a sentence a person understands.</summary>
public readonly record struct ActionAvailability(bool Allowed, string? Reason)
{
    public static ActionAvailability Yes { get; } = new(true, null);
    public static ActionAvailability No(string reason) => new(false, reason);
}

/// <summary>The one place that decides which action is allowed in which state, and why not.</summary>
public static class ActionRules
{
    public static ActionAvailability Check(MachineView machine, MachineAction action)
    {
        // One truth for "busy": whoever started it, in whichever browser, no second command may start.
        if (machine.Operation is { } running && action != MachineAction.Connect)
            return ActionAvailability.No($"Wait: {running.Describe()}");
        return CheckState(machine, action);
    }

    private static ActionAvailability CheckState(MachineView machine, MachineAction action) => action switch
    {
        MachineAction.Start => CheckStart(machine),
        MachineAction.Stop => CheckStop(machine),
        MachineAction.Hibernate => CheckHibernate(machine),
        MachineAction.Reboot => RequireRunning(machine, "be rebooted"),
        MachineAction.Snapshot => CheckSnapshot(machine),
        MachineAction.Delete => CheckDelete(machine),
        MachineAction.Connect => RequireRunning(machine, "be connected to"),
        MachineAction.Retry => machine.State == MachineState.Failed
            ? ActionAvailability.Yes
            : ActionAvailability.No("Only a machine whose creation failed can be created again."),
        MachineAction.Restore => CheckDiskChange(machine, "restored"),
        MachineAction.Reimage => machine.Role == MachineRole.PoolMember
            ? CheckDiskChange(machine, "reimaged")
            : ActionAvailability.No("Only pool members can be reimaged: the other machines carry their session's own setup."),
        MachineAction.CreateFromSnapshot => CheckCopy(machine),
        _ => ActionAvailability.No($"Unknown action {action}."),
    };

    /// <summary>States in which the cloud is still working on a machine; no new command may start.</summary>
    public static bool IsTransitional(MachineState state) => state is
        MachineState.Creating or MachineState.Starting or MachineState.Stopping or
        MachineState.Deallocating or MachineState.Deleting or MachineState.Updating;

    /// <summary>Whether a batch action touches this machine (Stop All skips what is already stopped).</summary>
    public static bool AppliesTo(BatchAction batch, MachineView machine) => batch switch
    {
        BatchAction.StopAll => CheckStop(machine).Allowed,
        BatchAction.TerminateAll => CheckDelete(machine).Allowed,
        BatchAction.StartAll => CheckStart(machine).Allowed,
        _ => false,
    } && machine.Operation is null;

    public static MachineAction ActionOf(BatchAction batch) => batch switch
    {
        BatchAction.StopAll => MachineAction.Stop,
        BatchAction.StartAll => MachineAction.Start,
        _ => MachineAction.Delete,
    };

    /// <summary>The button's words: "Stop All", "Terminate All", "Start All".</summary>
    public static string LabelOf(BatchAction batch) => batch switch
    {
        BatchAction.StopAll => "Stop All",
        BatchAction.StartAll => "Start All",
        _ => "Terminate All",
    };

    private static ActionAvailability CheckStart(MachineView m) => m.State switch
    {
        MachineState.Stopped or MachineState.Deallocated or MachineState.Hibernated => ActionAvailability.Yes,
        MachineState.Evicted when m.EvictionPolicy == EvictionPolicy.Deallocate => ActionAvailability.Yes,
        MachineState.Evicted => ActionAvailability.No("This Spot machine was evicted with the Delete policy: it no longer exists."),
        MachineState.Running => ActionAvailability.No("The machine is already running."),
        _ => Busy(m) ?? ActionAvailability.No($"A {DisplayText.Of(m.State)} machine cannot be started."),
    };

    private static ActionAvailability CheckStop(MachineView m) => m.State switch
    {
        MachineState.Running or MachineState.Stopped => ActionAvailability.Yes,
        MachineState.Deallocated or MachineState.Hibernated or MachineState.Evicted =>
            ActionAvailability.No("The machine is already stopped and not billed for compute."),
        _ => Busy(m) ?? ActionAvailability.No($"A {DisplayText.Of(m.State)} machine cannot be stopped."),
    };

    private static ActionAvailability CheckHibernate(MachineView m)
    {
        if (m.IsSpot)
            return ActionAvailability.No("Spot machines cannot hibernate on Azure.");
        if (!m.HibernationEnabled)
            return ActionAvailability.No("Hibernation was not enabled when this machine was created.");
        return m.State == MachineState.Running
            ? ActionAvailability.Yes
            : Busy(m) ?? ActionAvailability.No("Only a running machine can hibernate.");
    }

    private static ActionAvailability CheckSnapshot(MachineView m) => m.State switch
    {
        MachineState.Running or MachineState.Stopped or MachineState.Deallocated or MachineState.Hibernated => ActionAvailability.Yes,
        MachineState.Evicted when m.EvictionPolicy == EvictionPolicy.Deallocate => ActionAvailability.Yes,
        MachineState.Evicted => ActionAvailability.No("The machine and its disks were deleted by the eviction."),
        _ => Busy(m) ?? ActionAvailability.No($"A {DisplayText.Of(m.State)} machine has no disk to snapshot."),
    };

    // Restore and reimage replace the OS disk: a running machine is deallocated first, a hibernated one keeps its memory there.
    private static ActionAvailability CheckDiskChange(MachineView m, string done) => m.State switch
    {
        MachineState.Running or MachineState.Stopped or MachineState.Deallocated => ActionAvailability.Yes,
        MachineState.Evicted when m.EvictionPolicy == EvictionPolicy.Deallocate => ActionAvailability.Yes,
        MachineState.Evicted => ActionAvailability.No("The machine and its disks were deleted by the eviction."),
        MachineState.Hibernated => ActionAvailability.No($"A hibernated machine keeps its memory on its OS disk, so it cannot be {done}: start it first."),
        _ => Busy(m) ?? ActionAvailability.No($"A {DisplayText.Of(m.State)} machine cannot be {done}."),
    };

    // A copy joins the session as one more of its kind, so only roles a session has several of are copied.
    private static ActionAvailability CheckCopy(MachineView m)
    {
        if (m.Role is not (MachineRole.PoolMember or MachineRole.Worker or MachineRole.Compute))
            return ActionAvailability.No($"A session has one {DisplayText.Of(m.Role)}: a copy would be a second one.");
        return m.State is MachineState.Deleting or MachineState.Deleted
            ? ActionAvailability.No("The machine is being deleted.")
            : ActionAvailability.Yes;
    }

    private static ActionAvailability CheckDelete(MachineView m) => m.State switch
    {
        MachineState.Deleting => ActionAvailability.No("The machine is already being deleted."),
        MachineState.Deleted => ActionAvailability.No("The machine is already deleted."),
        _ when IsTransitional(m.State) => Busy(m)!.Value,
        _ => ActionAvailability.Yes,
    };

    private static ActionAvailability RequireRunning(MachineView m, string verb) => m.State == MachineState.Running
        ? ActionAvailability.Yes
        : Busy(m) ?? ActionAvailability.No($"Only a running machine can {verb}; this one is {DisplayText.Of(m.State)}.");

    private static ActionAvailability? Busy(MachineView m) => IsTransitional(m.State)
        ? ActionAvailability.No($"Wait: the machine is {DisplayText.Of(m.State)}.")
        : null;
}
