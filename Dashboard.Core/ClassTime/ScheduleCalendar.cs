using Cronos;

namespace Dashboard.Core.ClassTime;

/// <summary>
/// Turns schedule rules into instants. Weekly times are local to the rule's time zone, so a 09:00 class stays at
/// 09:00 across daylight saving changes (Cronos: a time skipped by the change fires at the change, a repeated
/// time fires once).
/// </summary>
public static class ScheduleCalendar
{
    /// <summary>How far back a class window can have opened: a week, the longest weekly gap.</summary>
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    /// <summary>Scheduled starts in (from, to].</summary>
    public static IEnumerable<DateTimeOffset> Starts(IEnumerable<RuleSpec> rules, DateTimeOffset from, DateTimeOffset to) =>
        rules.SelectMany(r => Occurrences(r, r.StartTime, r.StartAt, from, to)).Order();

    /// <summary>Scheduled stops in (from, to].</summary>
    public static IEnumerable<DateTimeOffset> Stops(IEnumerable<RuleSpec> rules, DateTimeOffset from, DateTimeOffset to) =>
        rules.SelectMany(r => Occurrences(r, r.StopTime, r.StopAt, from, to)).Order();

    /// <summary>The class windows (a start up to the next stop of the same rule) that overlap [from, to).</summary>
    public static IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Windows(IEnumerable<RuleSpec> rules, DateTimeOffset from, DateTimeOffset to)
    {
        foreach (var rule in rules)
        {
            if (rule.Kind == ScheduleRuleKind.Once)
            {
                if (rule is { StartAt: { } s, StopAt: { } e } && s < to && e > from)
                    yield return (s, e);
                continue;
            }

            if (rule.StartTime is null || rule.StopTime is null)
                continue;
            foreach (var start in Occurrences(rule, rule.StartTime, null, from - Week, to))
            {
                var end = Occurrences(rule, rule.StopTime, null, start, start + Week).FirstOrDefault();
                if (end != default && start < to && end > from)
                    yield return (start, end);
            }
        }
    }

    /// <summary>Whether the instant falls inside a class window: class time uses no quota hours.</summary>
    public static bool IsClassTime(IEnumerable<RuleSpec> rules, DateTimeOffset at) =>
        Windows(rules, at, at.AddTicks(1)).Any(w => w.Start <= at && at < w.End);

    /// <summary>How much of [from, to) lies outside every class window.</summary>
    public static TimeSpan OutsideClass(IReadOnlyCollection<RuleSpec> rules, DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
            return TimeSpan.Zero;
        var inside = TimeSpan.Zero;
        var cursor = from;
        foreach (var (start, end) in Windows(rules, from, to).OrderBy(w => w.Start))
        {
            var s = start > cursor ? start : cursor;
            var e = end < to ? end : to;
            if (e > s)
            {
                inside += e - s;
                cursor = e;
            }
        }

        return to - from - inside;
    }

    /// <summary>Why a rule cannot work (an unknown time zone, a stop before its start), or null.</summary>
    public static string? Problem(RuleSpec rule)
    {
        if (rule.Kind == ScheduleRuleKind.Once)
        {
            if (rule.StartAt is null && rule.StopAt is null)
                return "A one-off event needs a start, a stop, or both.";
            return rule is { StartAt: { } s, StopAt: { } e } && e <= s ? "A one-off event must stop after it starts." : null;
        }

        if (rule.Days == WeekDays.None)
            return "A weekly rule needs at least one day.";
        if (rule.StartTime is null && rule.StopTime is null)
            return "A weekly rule needs a start time, a stop time, or both.";
        return ZoneOf(rule.TimeZone) is null ? $"'{rule.TimeZone}' is not a time zone this server knows (use an IANA name such as Europe/Berlin)." : null;
    }

    public static TimeZoneInfo? ZoneOf(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return null;
        }
    }

    private static IEnumerable<DateTimeOffset> Occurrences(RuleSpec rule, TimeOnly? time, DateTimeOffset? once, DateTimeOffset from, DateTimeOffset to)
    {
        if (rule.Kind == ScheduleRuleKind.Once)
            return once is { } at && at > from && at <= to ? [at] : [];
        if (time is not { } t || rule.Days == WeekDays.None || ZoneOf(rule.TimeZone) is not { } zone)
            return [];
        var cron = CronExpression.Parse($"{t.Minute} {t.Hour} * * {DaysField(rule.Days)}");
        return cron.GetOccurrences(from, to, zone, fromInclusive: false, toInclusive: true);
    }

    // Cron counts days from Sunday (0).
    private static string DaysField(WeekDays days) => string.Join(',',
        new[] { WeekDays.Sunday, WeekDays.Monday, WeekDays.Tuesday, WeekDays.Wednesday, WeekDays.Thursday, WeekDays.Friday, WeekDays.Saturday }
            .Select((d, i) => (d, i)).Where(x => days.HasFlag(x.d)).Select(x => x.i));
}
