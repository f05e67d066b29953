namespace Dashboard.Core.Live;

/// <summary>How the live monitor reads the cloud (section <c>Cloud</c>).</summary>
public sealed class MonitorOptions
{
    /// <summary>Seconds between two list calls; empty = 1 for the simulated cloud, 5 for Azure.</summary>
    public double? PollSeconds { get; set; }

    /// <summary>How many machine operations a batch action runs at once (ARM's write limits allow well above this).</summary>
    public int BatchConcurrency { get; set; } = 20;
}

/// <summary>Whether the shown state is fresh: when the last list call succeeded, and what failed since.</summary>
public sealed record CloudHealth(DateTimeOffset? LastSuccess, string? Error, DateTimeOffset? FailingSince)
{
    public bool IsStale => Error is not null;
}
