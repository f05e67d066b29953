namespace Dashboard.Components.Sessions;

/// <summary>Time in a state, coarse enough that a clock ticking twice a minute keeps it right.</summary>
public static class SinceText
{
    public static string Of(TimeSpan elapsed) => elapsed switch
    {
        { TotalMinutes: < 1 } => "<1m",
        { TotalHours: < 1 } => $"{(int)elapsed.TotalMinutes}m",
        { TotalDays: < 1 } => $"{(int)elapsed.TotalHours}h {elapsed.Minutes}m",
        _ => $"{(int)elapsed.TotalDays}d {elapsed.Hours}h",
    };
}
