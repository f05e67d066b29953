namespace Dashboard.Core.ClassTime;

/// <summary>Settings section <c>ClassTime</c>.</summary>
public sealed class ClassTimeOptions
{
    public const string Section = "ClassTime";

    /// <summary>How often schedules, countdowns and quotas are evaluated.</summary>
    public double TickSeconds { get; set; } = 15;

    /// <summary>Minutes before an automatic stop at which everyone on the machine's pages is warned (and mailed).</summary>
    public int[] WarningMinutes { get; set; } = [30, 10, 2];

    /// <summary>A scheduled start missed by at most this much (a restart, say) still runs.</summary>
    public double StartGraceMinutes { get; set; } = 10;

    public TimeSpan Tick => TimeSpan.FromSeconds(TickSeconds);

    /// <summary>How far ahead stops are planned: the first warning.</summary>
    public TimeSpan Horizon => TimeSpan.FromMinutes(WarningMinutes.Length == 0 ? 0 : WarningMinutes.Max());
}
