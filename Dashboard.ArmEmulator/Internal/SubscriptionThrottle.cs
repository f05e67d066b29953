using Microsoft.AspNetCore.Http;

namespace Dashboard.ArmEmulator.Internal;

/// <summary>The verdict on one request: which bucket it took from, whether it may run, what is left.</summary>
internal sealed record ThrottleVerdict(string Operation, bool Admitted, int Remaining, TimeSpan RetryAfter)
{
    /// <summary>ARM's header for the tokens left, e.g. x-ms-ratelimit-remaining-subscription-writes.</summary>
    public string RemainingHeader => $"x-ms-ratelimit-remaining-subscription-{Operation}s";
}

/// <summary>The emulated subscription's three buckets, and which one each request method takes from.</summary>
internal sealed class SubscriptionThrottle(ArmLimits limits, TimeProvider time)
{
    private readonly TokenBucket _reads = new(limits.Reads, time);
    private readonly TokenBucket _writes = new(limits.Writes, time);
    private readonly TokenBucket _deletes = new(limits.Deletes, time);

    public ThrottleVerdict Admit(string method)
    {
        var (operation, bucket) = method switch
        {
            _ when HttpMethods.IsDelete(method) => ("delete", _deletes),
            _ when HttpMethods.IsPut(method) || HttpMethods.IsPost(method) || HttpMethods.IsPatch(method) => ("write", _writes),
            _ => ("read", _reads),
        };
        var (taken, remaining, retryAfter) = bucket.TryTake();
        return new ThrottleVerdict(operation, taken, remaining, retryAfter);
    }
}
