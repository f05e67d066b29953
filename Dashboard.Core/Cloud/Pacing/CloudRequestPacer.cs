using Microsoft.Extensions.Options;

namespace Dashboard.Core.Cloud.Pacing;

/// <summary>
/// Paces every request a cloud backend sends with one token bucket per kind (reads, writes, deletes). Requests wait
/// for their token in order; a 429 pauses the whole kind until its Retry-After has passed. Counts what it did.
/// </summary>
public sealed class CloudRequestPacer
{
    private readonly Dictionary<CloudRequestKind, ContinuousTokenBucket> _buckets;
    private readonly Dictionary<CloudRequestKind, long> _pausedUntil = [];
    private readonly TimeProvider _time;
    private long _sent, _throttled;

    public CloudRequestPacer(IOptions<CloudLimitsOptions> options, TimeProvider time)
    {
        _time = time;
        Limits = options.Value;
        _buckets = Enum.GetValues<CloudRequestKind>().ToDictionary(k => k, k => new ContinuousTokenBucket(Limits.For(k).Burst, Limits.For(k).PerSecond, time));
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
        await _buckets[kind].AcquireAsync(cancellationToken);
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

    /// <summary>How long the longest pause a 429 asked for still lasts (zero when none): a caller's "retry after".</summary>
    public TimeSpan PausedFor()
    {
        long until;
        lock (_pausedUntil)
            until = _pausedUntil.Count == 0 ? 0 : _pausedUntil.Values.Max();
        var left = until - _time.GetTimestamp();
        return left > 0 ? TimeSpan.FromSeconds((double)left / _time.TimestampFrequency) : TimeSpan.Zero;
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
}
