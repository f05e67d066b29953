namespace Dashboard.Core.Spot;

/// <summary>Settings section <c>Spot:Recovery</c>: how patiently evicted machines are brought back.</summary>
public sealed class SpotRecoveryOptions
{
    public const string Section = "Spot:Recovery";

    /// <summary>Wait before the second attempt; each further one waits twice as long, up to <see cref="MaxRetrySeconds"/>.</summary>
    public double FirstRetrySeconds { get; set; } = 60;

    public double MaxRetrySeconds { get; set; } = 1800;

    /// <summary>After a capacity failure, no attempt for that size and region before this many minutes.</summary>
    public double CapacityCooldownMinutes { get; set; } = 10;

    /// <summary>How often evicted machines are looked for (events bring them at once; this catches the rest).</summary>
    public double ScanSeconds { get; set; } = 15;

    public TimeSpan RetryAfter(int failures) =>
        TimeSpan.FromSeconds(Math.Min(MaxRetrySeconds, FirstRetrySeconds * Math.Pow(2, Math.Max(0, failures - 1))));
}
