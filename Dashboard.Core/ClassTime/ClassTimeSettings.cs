using System.Collections.Immutable;

namespace Dashboard.Core.ClassTime;

/// <summary>A session's class-time settings as pages show and edit them.</summary>
public sealed record ClassTimeSettings
{
    public static ClassTimeSettings None { get; } = new();

    public ImmutableArray<RuleSpec> Rules { get; init; } = [];
    public double? AutoStopAfterHours { get; init; }
    public double? QuotaHoursPerStudent { get; init; }
    public bool StudentsMayPostpone { get; init; }

    /// <summary>Whether anything here can stop or start a machine by itself.</summary>
    public bool IsActive => !Rules.IsEmpty || AutoStopAfterHours is not null || QuotaHoursPerStudent is not null;
}

/// <summary>One schedule rule, immutable: see <see cref="ScheduleRule"/>.</summary>
public sealed record RuleSpec(
    ScheduleRuleKind Kind,
    WeekDays Days = WeekDays.None,
    TimeOnly? StartTime = null,
    TimeOnly? StopTime = null,
    string TimeZone = "UTC",
    DateTimeOffset? StartAt = null,
    DateTimeOffset? StopAt = null)
{
    public static RuleSpec Weekly(WeekDays days, TimeOnly? start, TimeOnly? stop, string timeZone) =>
        new(ScheduleRuleKind.Weekly, days, start, stop, timeZone);

    public static RuleSpec Once(DateTimeOffset? start, DateTimeOffset? stop) => new(ScheduleRuleKind.Once, StartAt: start, StopAt: stop);

    public static RuleSpec From(ScheduleRule r) => new(r.Kind, r.Days, r.StartTime, r.StopTime, r.TimeZone, r.StartAt, r.StopAt);

    public ScheduleRule ToEntity(Guid sessionId) => new()
    {
        SessionId = sessionId,
        Kind = Kind,
        Days = Days,
        StartTime = StartTime,
        StopTime = StopTime,
        TimeZone = TimeZone,
        StartAt = StartAt,
        StopAt = StopAt,
    };
}

/// <summary>A machine's coming automatic stop, shown as a countdown on every page that shows the machine.</summary>
public sealed record Countdown(Guid MachineId, StopReason Reason, DateTimeOffset DueAt, string? ChangedBy)
{
    /// <summary>Whether a person may push it back; quota stops end only with more hours.</summary>
    public bool CanBePostponed => Reason != StopReason.Quota;

    /// <summary>Whether a student may push it back where the session lets students postpone; a budget stop is the instructor's.</summary>
    public static bool StudentsMayChange(StopReason reason) => reason is StopReason.Schedule or StopReason.AutoStop;
}

/// <summary>What the live view carries about class time: settings, countdowns, and the last run's problem.</summary>
public sealed record ClassTimeView
{
    public static ClassTimeView None { get; } = new();

    public ClassTimeSettings Settings { get; init; } = ClassTimeSettings.None;
    public ImmutableArray<Countdown> Countdowns { get; init; } = [];
    public string? Problem { get; init; }

    public Countdown? CountdownFor(Guid machineId)
    {
        foreach (var countdown in Countdowns)
        {
            if (countdown.MachineId == machineId)
                return countdown;
        }

        return null;
    }
}
