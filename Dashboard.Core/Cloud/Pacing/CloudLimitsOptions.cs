namespace Dashboard.Core.Cloud.Pacing;

/// <summary>One token bucket: a burst the cloud accepts at once, refilled at a steady rate.</summary>
public sealed class BucketLimit
{
    public int Burst { get; set; }
    public double PerSecond { get; set; }
}

/// <summary>
/// Settings of section <c>Cloud:Limits</c>: the client-side buckets every cloud request waits on, shaped like
/// Azure Resource Manager's per-subscription limits so that a 500-machine batch draws no 429.
/// </summary>
public sealed class CloudLimitsOptions
{
    public const string Section = "Cloud:Limits";

    public BucketLimit Reads { get; set; } = new() { Burst = 250, PerSecond = 25 };
    public BucketLimit Writes { get; set; } = new() { Burst = 200, PerSecond = 10 };
    public BucketLimit Deletes { get; set; } = new() { Burst = 200, PerSecond = 10 };

    /// <summary>How often one request is sent again after a 429 (it was refused, so it never ran) before giving up.</summary>
    public int ThrottledRetries { get; set; } = 5;

    public BucketLimit For(CloudRequestKind kind) => kind switch
    {
        CloudRequestKind.Read => Reads,
        CloudRequestKind.Write => Writes,
        _ => Deletes,
    };
}

/// <summary>Which of ARM's buckets a request draws on.</summary>
public enum CloudRequestKind
{
    Read,
    Write,
    Delete,
}
