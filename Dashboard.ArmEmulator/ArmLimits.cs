namespace Dashboard.ArmEmulator;

/// <summary>One token bucket: <paramref name="Burst"/> requests at once, then <paramref name="RefillPerSecond"/> more each second.</summary>
public sealed record BucketLimit(int Burst, double RefillPerSecond);

/// <summary>
/// Azure Resource Manager's subscription throttling: one token bucket per kind of request.
/// GETs (lists, reads, operation status polls) take from <paramref name="Reads"/>, DELETEs from
/// <paramref name="Deletes"/>, PUT, POST and PATCH from <paramref name="Writes"/>.
/// </summary>
public sealed record ArmLimits(BucketLimit Reads, BucketLimit Writes, BucketLimit Deletes)
{
    /// <summary>The limits Azure publishes per subscription and principal: reads 250 at once then 25/s, writes and deletes 200 then 10/s.</summary>
    public static ArmLimits Azure { get; } = new(
        Reads: new BucketLimit(250, 25),
        Writes: new BucketLimit(200, 10),
        Deletes: new BucketLimit(200, 10));
}
