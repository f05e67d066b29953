namespace Dashboard.ArmEmulator.Internal;

/// <summary>A token bucket that refills continuously on a <see cref="TimeProvider"/>; starts full.</summary>
internal sealed class TokenBucket
{
    // Refill arithmetic in doubles can land a hair under a whole token; that is not worth a 429.
    private const double Tolerance = 1e-9;

    private readonly Lock _gate = new();
    private readonly BucketLimit _limit;
    private readonly TimeProvider _time;
    private double _tokens;
    private long _refilledAt;

    public TokenBucket(BucketLimit limit, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit.Burst, 1, nameof(limit));
        if (!double.IsFinite(limit.RefillPerSecond) || limit.RefillPerSecond <= 0)
            throw new ArgumentOutOfRangeException(nameof(limit), limit.RefillPerSecond, "RefillPerSecond must be a positive number.");
        _limit = limit;
        _time = time;
        _tokens = limit.Burst;
        _refilledAt = time.GetTimestamp();
    }

    /// <summary>
    /// Takes one token when there is one. Remaining is the whole tokens left afterwards; when nothing was
    /// taken, RetryAfter is how long until one token is back.
    /// </summary>
    public (bool Taken, int Remaining, TimeSpan RetryAfter) TryTake()
    {
        lock (_gate)
        {
            Refill();
            if (_tokens + Tolerance >= 1)
            {
                _tokens = Math.Max(0, _tokens - 1);
                return (true, Whole(_tokens), TimeSpan.Zero);
            }
            return (false, 0, TimeSpan.FromSeconds((1 - _tokens) / _limit.RefillPerSecond));
        }
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_refilledAt, now);
        _tokens = Math.Min(_limit.Burst, _tokens + elapsed.TotalSeconds * _limit.RefillPerSecond);
        _refilledAt = now;
    }

    private static int Whole(double tokens) => (int)Math.Floor(tokens + Tolerance);
}
