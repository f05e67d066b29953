namespace Dashboard.Core.Domain;

/// <summary>The four formation kinds of the seed document.</summary>
public enum FormationKind
{
    MachinePool,
    VirtualLab,
    BigDataCluster,
    HpcCluster,
}

/// <summary>What a machine does inside its session; decides where it sits in the tree.</summary>
public enum MachineRole
{
    PoolMember,
    Proxy,
    Target,
    Master,
    Worker,
    Head,
    Compute,
}

public enum MachinePriority
{
    Regular,
    Spot,
}

/// <summary>What Azure does to a Spot machine it reclaims.</summary>
public enum EvictionPolicy
{
    Deallocate,
    Delete,
}

/// <summary>
/// Power states as the cloud reports them, plus <see cref="Evicted"/>, which the dashboard infers
/// when a Spot machine deallocates or vanishes without anyone asking.
/// </summary>
public enum MachineState
{
    Creating,
    Starting,
    Running,
    Stopping,
    Stopped,
    Deallocating,
    Deallocated,
    Hibernated,
    Deleting,
    Deleted,
    Failed,
    Unknown,
    Evicted,

    /// <summary>The cloud is changing the machine's disks (restore, reimage); no new command may start.</summary>
    Updating,
}

public enum MachineAction
{
    Start,
    Stop,
    Hibernate,
    Reboot,
    Snapshot,
    Delete,
    Connect,

    /// <summary>Creates again a machine whose creation failed.</summary>
    Retry,

    /// <summary>Replaces the OS disk with a copy of one of the machine's snapshots.</summary>
    Restore,

    /// <summary>Gives a pool member a fresh OS disk from its formation's image.</summary>
    Reimage,

    /// <summary>Adds a machine to the session whose OS disk is a copy of one of this machine's snapshots.</summary>
    CreateFromSnapshot,
}

public enum BatchAction
{
    StopAll,
    TerminateAll,

    /// <summary>Starts every stopped machine: a class starts together.</summary>
    StartAll,
}

public enum ActionOutcome
{
    Started,
    Succeeded,
    Failed,
    Refused,
}

/// <summary>Why a machine's state changed: someone asked, or the cloud did it on its own.</summary>
public enum StateChangeCause
{
    Action,
    Cloud,
    Eviction,
}
