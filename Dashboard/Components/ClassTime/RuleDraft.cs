using System.Globalization;
using Dashboard.Core.ClassTime;

namespace Dashboard.Components.ClassTime;

/// <summary>One schedule rule while someone edits it: text fields as typed, turned into a rule (or a problem) on save.</summary>
public sealed class RuleDraft
{
    public ScheduleRuleKind Kind { get; set; } = ScheduleRuleKind.Weekly;
    public HashSet<WeekDays> Days { get; set; } = [WeekDays.Monday, WeekDays.Tuesday, WeekDays.Wednesday, WeekDays.Thursday, WeekDays.Friday];
    public string Start { get; set; } = "09:00";
    public string Stop { get; set; } = "17:00";
    public string TimeZone { get; set; } = "UTC";

    /// <summary>One-off rules: local date and time as "yyyy-MM-ddTHH:mm" in <see cref="TimeZone"/>.</summary>
    public string StartAt { get; set; } = "";

    public string StopAt { get; set; } = "";

    public static IReadOnlyList<WeekDays> AllDays { get; } =
        [WeekDays.Monday, WeekDays.Tuesday, WeekDays.Wednesday, WeekDays.Thursday, WeekDays.Friday, WeekDays.Saturday, WeekDays.Sunday];

    public static RuleDraft From(RuleSpec rule)
    {
        var zone = ScheduleCalendar.ZoneOf(rule.TimeZone) ?? TimeZoneInfo.Utc;
        return new RuleDraft
        {
            Kind = rule.Kind,
            Days = [.. AllDays.Where(d => rule.Days.HasFlag(d))],
            Start = rule.StartTime?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "",
            Stop = rule.StopTime?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "",
            TimeZone = rule.TimeZone,
            StartAt = rule.StartAt is { } s ? TimeZoneInfo.ConvertTime(s, zone).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture) : "",
            StopAt = rule.StopAt is { } e ? TimeZoneInfo.ConvertTime(e, zone).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture) : "",
        };
    }

    /// <summary>The rule, or why these fields do not make one.</summary>
    public (RuleSpec? Rule, string? Problem) ToRule()
    {
        var zoneId = TimeZone.Trim();
        if (ScheduleCalendar.ZoneOf(zoneId) is not { } zone)
            return (null, $"'{zoneId}' is not a time zone this server knows (use an IANA name such as Europe/Berlin).");
        if (Kind == ScheduleRuleKind.Weekly)
        {
            if (!TryTime(Start, out var start) || !TryTime(Stop, out var stop))
                return (null, "Times are written as HH:mm, for example 09:00 (leave one empty for a rule that only starts or stops).");
            var days = Days.Aggregate(WeekDays.None, (all, d) => all | d);
            var rule = RuleSpec.Weekly(days, start, stop, zoneId);
            return ScheduleCalendar.Problem(rule) is { } problem ? (null, problem) : (rule, null);
        }

        if (!TryInstant(StartAt, zone, out var at) || !TryInstant(StopAt, zone, out var until))
            return (null, "Dates are written as yyyy-MM-ddTHH:mm, for example 2027-01-15T13:00.");
        var once = RuleSpec.Once(at, until) with { TimeZone = zoneId };
        return ScheduleCalendar.Problem(once) is { } onceProblem ? (null, onceProblem) : (once, null);
    }

    private static bool TryTime(string text, out TimeOnly? time)
    {
        time = null;
        if (string.IsNullOrWhiteSpace(text))
            return true;
        if (!TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            return false;
        time = parsed;
        return true;
    }

    private static bool TryInstant(string text, TimeZoneInfo zone, out DateTimeOffset? at)
    {
        at = null;
        if (string.IsNullOrWhiteSpace(text))
            return true;
        if (!DateTime.TryParseExact(text.Trim(), ["yyyy-MM-ddTHH:mm", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return false;
        // A local time the clocks skip is taken as the moment after the change.
        var utc = zone.IsInvalidTime(local) ? TimeZoneInfo.ConvertTimeToUtc(local.AddHours(1), zone) : TimeZoneInfo.ConvertTimeToUtc(local, zone);
        at = new DateTimeOffset(utc, TimeSpan.Zero);
        return true;
    }
}
