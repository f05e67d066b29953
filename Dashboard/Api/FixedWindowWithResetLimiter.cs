using System.Threading.RateLimiting;

namespace Dashboard.Api;

/// <summary>
/// A fixed window that knows when it ends. The framework's FixedWindowRateLimiter tells a refused caller to wait a
/// whole window whenever it asks; this one answers the seconds really left (<see cref="MetadataName.RetryAfter"/>).
/// It never queues: a request beyond the limit is refused at once.
/// </summary>
public sealed class FixedWindowWithResetLimiter(int permitLimit, TimeSpan window, TimeProvider time) : RateLimiter
{
    private readonly Lock _gate = new();
    private long _windowStart = time.GetTimestamp();
    private int _used;

    /// <summary>Idle once the window holding its last permit has ended: dropping it then forgets nothing.</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                var ended = Elapsed() - window;
                return _used == 0 ? Elapsed() : ended > TimeSpan.Zero ? ended : null;
            }
        }
    }

    public override RateLimiterStatistics GetStatistics()
    {
        lock (_gate)
        {
            Roll();
            return new RateLimiterStatistics { CurrentAvailablePermits = permitLimit - _used };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_gate)
        {
            Roll();
            if (permitCount == 0 ? _used < permitLimit : _used + permitCount <= permitLimit)
            {
                _used += permitCount;
                return Lease.Granted;
            }

            return new Lease(window - Elapsed());
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private TimeSpan Elapsed() => time.GetElapsedTime(_windowStart);

    /// <summary>Starts a new window when the current one has ended (windows follow one another from the first).</summary>
    private void Roll()
    {
        var elapsed = Elapsed();
        if (elapsed < window)
            return;
        var whole = (long)(elapsed.Ticks / window.Ticks);
        _windowStart += (long)(whole * window.Ticks * (time.TimestampFrequency / (double)TimeSpan.TicksPerSecond));
        _used = 0;
    }

    private sealed class Lease(TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(null);

        public override bool IsAcquired => retryAfter is null;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter is { } after && metadataName == MetadataName.RetryAfter.Name ? after : null;
            return metadata is not null;
        }
    }
}
