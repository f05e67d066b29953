namespace Dashboard.Core.Spot;

/// <summary>What the dashboard does by itself when a session's Spot machine is evicted.</summary>
public enum SpotRecovery
{
    /// <summary>Nothing: the machine stays evicted until someone acts.</summary>
    None,

    /// <summary>Start it again (Deallocate policy: the VM and its disks are still there).</summary>
    Restart,

    /// <summary>Create it again from the formation (Delete policy: the VM is gone).</summary>
    Recreate,
}

/// <summary>A session's Spot recovery: the method, and when to give up on Spot and run the machine at regular priority.</summary>
public sealed record SpotRecoverySettings(SpotRecovery Mode = SpotRecovery.None, int? FallbackAfterAttempts = null, int? FallbackAfterMinutes = null)
{
    /// <summary>
    /// A machine that fell back is created again on Spot once it has run this long at regular priority and Spot capacity
    /// for its size is not known to be short; null: it stays at regular priority.
    /// </summary>
    public int? ReturnAfterMinutes { get; init; }

    public static SpotRecoverySettings None { get; } = new();

    /// <summary>Why these settings do not suit a session whose Spot machines use this policy, or null.</summary>
    public string? Problem(Domain.EvictionPolicy? policy)
    {
        if (FallbackAfterAttempts is < 1 or > 100)
            return "Fall back after 1 to 100 failed attempts.";
        if (FallbackAfterMinutes is < 1 or > 24 * 60)
            return "Fall back after 1 to 1,440 minutes.";
        if (ReturnAfterMinutes is < 5 or > 24 * 60)
            return "Go back to Spot after 5 to 1,440 minutes at regular priority.";
        if (ReturnAfterMinutes is not null && FallbackAfterAttempts is null && FallbackAfterMinutes is null)
            return "Going back to Spot follows a fall-back to regular priority: set when to fall back first.";
        if ((FallbackAfterAttempts is not null || FallbackAfterMinutes is not null) && Mode != SpotRecovery.Recreate)
            return "Falling back to regular priority means creating the machine again: it needs Recreate (Delete policy).";
        return (Mode, policy) switch
        {
            (SpotRecovery.Restart, Domain.EvictionPolicy.Delete) =>
                "This session's Spot machines are deleted when evicted, so there is nothing to restart: choose Recreate.",
            (SpotRecovery.Recreate, Domain.EvictionPolicy.Deallocate) =>
                "This session's Spot machines are deallocated when evicted and keep their disks: choose Restart.",
            (not SpotRecovery.None, null) => "This session has no Spot machines.",
            _ => null,
        };
    }
}
