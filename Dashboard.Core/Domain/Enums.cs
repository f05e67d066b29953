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
