using Dashboard.Core.Domain;

namespace Dashboard.Core.ClassTime;

/// <summary>How class time reads to people: in the class's own time zone, with minutes left.</summary>
public static class ClassTimeText
{
    public static string Why(StopReason reason) => reason switch
    {
        StopReason.Schedule => "The class schedule",
        StopReason.AutoStop => "The session's running-time limit",
        StopReason.Budget => "The session's monthly budget",
        _ => "The end of the student's quota hours",
    };

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
