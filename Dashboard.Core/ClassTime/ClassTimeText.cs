using Dashboard.Core.Domain;

namespace Dashboard.Core.ClassTime;

/// <summary>How class time reads to people: in the class's own time zone, with minutes left.</summary>
public static class ClassTimeText
{
    /// <summary>What stops a machine, in words; <paramref name="toTheStudent"/> when the student it stops reads it.</summary>
    public static string Why(StopReason reason, bool toTheStudent = false) => reason switch
    {
        StopReason.Schedule => "The class schedule",
        StopReason.AutoStop => "The session's running-time limit",
        StopReason.Budget => "The session's monthly budget",
        _ => toTheStudent ? "The end of your quota hours" : "The end of the student's quota hours",
    };

    /// <summary>What the owner can do about coming stops: postpone or skip them, except quota stops, which more hours end.</summary>
    public static string OwnersChoices(IEnumerable<StopReason> reasons)
    {
        var distinct = reasons.Distinct().ToList();
        var postponable = distinct.Any(r => r != StopReason.Quota);
        var quota = distinct.Contains(StopReason.Quota);
        const string MoreHours = "more hours end it (grant hours in the Class time dialog)";
        return (postponable, quota) switch
        {
            (true, true) => $"You can postpone or skip it on the sessions page; a quota stop cannot be postponed or skipped: {MoreHours}.",
            (false, true) => $"A quota stop cannot be postponed or skipped: {MoreHours}.",
            _ => "You can postpone or skip it on the sessions page.",
        };
    }

    /// <summary>"at 14:30 Europe/Berlin (in 9 minutes)".</summary>
    public static string When(SessionView session, DateTimeOffset at, DateTimeOffset now)
    {
        var zoneId = session.ClassTime.Settings.Rules.FirstOrDefault(r => r.Kind == ScheduleRuleKind.Weekly)?.TimeZone ?? "UTC";
        var zone = ScheduleCalendar.ZoneOf(zoneId) ?? TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return $"at {local:HH:mm} {zoneId} ({MinutesLeft(at, now)})";
    }

    public static string MinutesLeft(DateTimeOffset at, DateTimeOffset now)
    {
        var minutes = (int)Math.Ceiling((at - now).TotalMinutes);
        return minutes <= 0 ? "now" : minutes == 1 ? "in 1 minute" : $"in {minutes} minutes";
    }
}
