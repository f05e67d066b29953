namespace Dashboard.ArmEmulator;

/// <summary>Settings of an <see cref="ArmEmulator"/>; the defaults suit tests and benchmarks.</summary>
public sealed class ArmEmulatorOptions
{
    /// <summary>The only subscription the emulator knows; other ids get SubscriptionNotFound.</summary>
    public string SubscriptionId { get; set; } = "00000000-0000-0000-0000-000000000001";

    /// <summary>How long every long-running operation stays in progress (creating, starting, ...).</summary>
    public TimeSpan OperationLatency { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Virtual machines per page of the list calls (ARM pages with nextLink).</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>Region of seeded resources and of the operation status URLs.</summary>
    public string Location { get; set; } = "westeurope";

    /// <summary>
    /// Token buckets that throttle requests the way ARM does (<see cref="ArmLimits.Azure"/> for Azure's own);
    /// null, the default, throttles nothing. Read when the emulator is created; its buckets start full.
    /// </summary>
    public ArmLimits? Throttling { get; set; }
}
