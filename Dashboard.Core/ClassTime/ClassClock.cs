namespace Dashboard.Core.ClassTime;

/// <summary>
/// The clock schedules, countdowns, quotas and budgets read: the system clock, registered under its own key so a test
/// can move class time by hours without stopping every other timer of the dashboard.
/// </summary>
public static class ClassClock
{
    public const string Key = "class-time";
}
