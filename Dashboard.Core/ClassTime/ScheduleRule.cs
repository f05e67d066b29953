namespace Dashboard.Core.ClassTime;

/// <summary>
/// When a session's machines start and stop on their own: every week on some days at local times of one time zone,
/// or once at two instants. Either time may be missing (a rule that only stops machines, say).
/// </summary>
public sealed class ScheduleRule
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SessionId { get; set; }
    public ScheduleRuleKind Kind { get; set; }

    /// <summary>Weekly rules: the days they apply on.</summary>
    public WeekDays Days { get; set; }

    /// <summary>Weekly rules: local times in <see cref="TimeZone"/>.</summary>
    public TimeOnly? StartTime { get; set; }

    public TimeOnly? StopTime { get; set; }

    /// <summary>An IANA (or Windows) time zone id: the class's clock, which daylight saving moves.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>One-off rules: the instants.</summary>
    public DateTimeOffset? StartAt { get; set; }

    public DateTimeOffset? StopAt { get; set; }
}

public enum ScheduleRuleKind
{
    Weekly,
    Once,
}

[Flags]
public enum WeekDays
{
    None = 0,
    Monday = 1,
    Tuesday = 2,
    Wednesday = 4,
    Thursday = 8,
    Friday = 16,
    Saturday = 32,
    Sunday = 64,
    Weekdays = Monday | Tuesday | Wednesday | Thursday | Friday,
}
