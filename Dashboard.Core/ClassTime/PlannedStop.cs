namespace Dashboard.Core.ClassTime;

/// <summary>
/// An automatic stop of one machine that is near enough to warn about. Recorded before the first warning, so a
/// restart keeps its due time, its postponements and the warnings already given.
/// </summary>
public sealed class PlannedStop
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SessionId { get; set; }
    public Guid MachineId { get; set; }
    public StopReason Reason { get; set; }

    /// <summary>The occurrence this stop belongs to (the schedule's stop time, the run's start): one stop per occurrence.</summary>
    public DateTimeOffset PlannedAt { get; set; }

    /// <summary>When the machine stops: the planned time plus any postponement.</summary>
    public DateTimeOffset DueAt { get; set; }

    /// <summary>The last warning given, in minutes before <see cref="DueAt"/> (30, 10, 2); null before the first.</summary>
    public int? WarnedAtMinutes { get; set; }

    public bool Skipped { get; set; }

    /// <summary>Who last postponed or skipped it.</summary>
    public string? ChangedBy { get; set; }

    /// <summary>Set once the stop ran, was skipped past its time, or became moot (the machine stopped anyway).</summary>
    public DateTimeOffset? DoneAt { get; set; }
}

/// <summary>Why the dashboard stops a machine by itself.</summary>
public enum StopReason
{
    /// <summary>The class schedule's stop time.</summary>
    Schedule,

    /// <summary>The session's limit on hours running at a stretch.</summary>
    AutoStop,

    /// <summary>The student's quota hours ran out.</summary>
    Quota,

    /// <summary>The session's monthly budget reaches its stop share.</summary>
    Budget,
}
