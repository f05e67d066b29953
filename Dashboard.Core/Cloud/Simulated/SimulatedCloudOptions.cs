namespace Dashboard.Core.Cloud.Simulated;

/// <summary>Settings of the embedded simulated cloud (section <c>Simulator</c>).</summary>
public sealed class SimulatedCloudOptions
{
    public const string Section = "Simulator";

    /// <summary>How long one operation takes, end to end; transitional states last part of it.</summary>
    public double OperationSeconds { get; set; } = 3;

    /// <summary>Random evictions per running Spot machine per hour (0 = only on demand).</summary>
    public double SpotEvictionsPerHour { get; set; }

    /// <summary>Share of operations (0–1) that fail with an injected cloud error.</summary>
    public double FailureRate { get; set; }

    /// <summary>Operations that always fail, by name (Create, Start, Stop, Hibernate, Reboot, Delete, Snapshot, Restore, Reimage).</summary>
    public List<string> FailOperations { get; set; } = [];

    /// <summary>No Spot capacity: every Spot start and creation fails as Azure's do when capacity is short (regular ones work).</summary>
    public bool NoSpotCapacity { get; set; }

    /// <summary>The region the simulated machines are priced in (Azure's name, e.g. westeurope).</summary>
    public string Region { get; set; } = "westeurope";

    /// <summary>Where the simulated machines are kept so they outlive a dashboard restart; empty = memory only.</summary>
    public string? StateFile { get; set; }
}
