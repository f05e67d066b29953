using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Cloud.Pacing;

/// <summary>
/// Paces every request a cloud backend sends with one token bucket per kind (reads, writes, deletes). Requests wait
/// for their token in order; a 429 pauses the whole kind until its Retry-After has passed. Counts what it did.
/// </summary>
public sealed class CloudRequestPacer : IDisposable
{
    private readonly Dictionary<CloudRequestKind, TokenBucketRateLimiter> _buckets;
    private readonly Dictionary<CloudRequestKind, long> _pausedUntil = [];
    private readonly TimeProvider _time;
    private long _sent, _throttled;

    public CloudRequestPacer(IOptions<CloudLimitsOptions> options, TimeProvider time)
    {
        _time = time;
        Limits = options.Value;
        _buckets = Enum.GetValues<CloudRequestKind>().ToDictionary(k => k, k => Bucket(Limits.For(k)));
    }

    public CloudLimitsOptions Limits { get; }

    /// <summary>Requests let through so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>429 answers seen so far (each one was waited out and sent again, or reported).</summary>
    public long Throttled => Interlocked.Read(ref _throttled);

    /// <summary>Waits for a token of this kind (and for any pause a 429 asked for).</summary>
    public async ValueTask AcquireAsync(CloudRequestKind kind, CancellationToken cancellationToken)
    {
        await WaitOutPauseAsync(kind, cancellationToken);
        using var lease = await _buckets[kind].AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
            throw new InvalidOperationException($"The {kind} bucket refused a request.");
        Interlocked.Increment(ref _sent);
    }

    /// <summary>The cloud answered 429: no request of this kind goes out before <paramref name="retryAfter"/> has passed.</summary>
    public void Throttle(CloudRequestKind kind, TimeSpan retryAfter)
    {
        Interlocked.Increment(ref _throttled);
        var until = _time.GetTimestamp() + (long)(retryAfter.TotalSeconds * _time.TimestampFrequency);
        lock (_pausedUntil)
            _pausedUntil[kind] = Math.Max(_pausedUntil.GetValueOrDefault(kind), until);
    }

    public void Dispose()
    {
        foreach (var bucket in _buckets.Values)
            bucket.Dispose();
    }

    private async ValueTask WaitOutPauseAsync(CloudRequestKind kind, CancellationToken cancellationToken)
    {
        while (true)
        {
            long until;
            lock (_pausedUntil)
                until = _pausedUntil.GetValueOrDefault(kind);
            var wait = until - _time.GetTimestamp();
            if (wait <= 0)
                return;
            await Task.Delay(TimeSpan.FromSeconds((double)wait / _time.TimestampFrequency), _time, cancellationToken);
        }
    }

    private static TokenBucketRateLimiter Bucket(BucketLimit limit)
    {
        // Refill in steps of at least 50 ms: timers finer than that cost more than they pace.
        var perSecond = Math.Max(limit.PerSecond, 0.001);
        var period = TimeSpan.FromSeconds(Math.Max(1 / perSecond, 0.05));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, limit.Burst),
            TokensPerPeriod = Math.Max(1, (int)Math.Round(perSecond * period.TotalSeconds)),
            ReplenishmentPeriod = period,
            AutoReplenishment = true,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }
}
