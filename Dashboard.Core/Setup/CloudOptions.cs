namespace Dashboard.Core.Setup;

public enum CloudProvider
{
    Simulated,
    Azure,
}

/// <summary>Settings of section <c>Cloud</c>.</summary>
public sealed class CloudOptions
{
    public const string Section = "Cloud";

    public CloudProvider Provider { get; set; } = CloudProvider.Simulated;
}

/// <summary>Settings of section <c>Demo</c>.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seed formations and one session of each kind on the first start with the simulated cloud.</summary>
    public bool SeedOnFirstRun { get; set; } = true;
}
