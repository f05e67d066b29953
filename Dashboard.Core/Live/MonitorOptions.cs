namespace Dashboard.Core.Live;

/// <summary>How the live state follows the cloud (section <c>Cloud</c>).</summary>
public sealed class MonitorOptions
{
    /// <summary>Seconds between two list calls while nothing is in flight; empty = 1 for the simulated cloud, 5 for Azure.</summary>
    public double? PollSeconds { get; set; }

    /// <summary>Seconds between two list calls while operations are in flight (never slower than <see cref="PollSeconds"/>).</summary>
    public double? BusyPollSeconds { get; set; }

    /// <summary>How long an operation may take before it ends as failed; empty = 15 minutes on Azure, less on the simulated cloud.</summary>
    public double? OperationTimeoutSeconds { get; set; }

    public TimeSpan IdleInterval => TimeSpan.FromSeconds(PollSeconds ?? 5);

    public TimeSpan BusyInterval => TimeSpan.FromSeconds(Math.Min(BusyPollSeconds ?? 2, PollSeconds ?? 5));
}

/// <summary>
/// Whether the shown state is fresh and saved: when the last list call succeeded and what failed since, and whether
/// the database is taking writes (changes wait in order and are retried while it is not), and whether the Resource
/// Health queue, where one is set up, can be read (evictions then show at the next poll only).
/// </summary>
public sealed record CloudHealth(DateTimeOffset? LastSuccess, string? Error, DateTimeOffset? FailingSince,
    string? DatabaseError = null, DateTimeOffset? DatabaseFailingSince = null,
    string? QueueError = null, DateTimeOffset? QueueFailingSince = null)
{
    public bool IsStale => Error is not null;

    public bool HasDatabaseProblem => DatabaseError is not null;

    public bool HasQueueProblem => QueueError is not null;
}
