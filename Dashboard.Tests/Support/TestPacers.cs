using Dashboard.Core.Cloud.Pacing;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Support;

/// <summary>Request pacers for clouds built by hand in tests.</summary>
public static class TestPacers
{
    private static readonly BucketLimit Wide = new() { Burst = 100_000, PerSecond = 100_000 };

    /// <summary>Limits no unit test reaches.</summary>
    public static CloudRequestPacer Unlimited() => With();

    public static CloudRequestPacer With(BucketLimit? reads = null, BucketLimit? writes = null, BucketLimit? deletes = null) =>
        new(Options.Create(new CloudLimitsOptions { Reads = reads ?? Wide, Writes = writes ?? Wide, Deletes = deletes ?? Wide }), TimeProvider.System);
}
