namespace Dashboard.Core.Cloud.Pacing;

/// <summary>
/// A token bucket that refills continuously, as ARM's do. A bucket that refills in ticks (like
/// System.Threading.RateLimiting's) can hand out a token a moment before the server's continuous bucket has one,
/// and that moment is a 429; one that starts full and refills no faster than the server's never runs ahead of it.
/// Waiters are served one at a time, in order.
/// The server takes a token when a request arrives, a little after the client let it go, and a full bucket cannot
/// bank the refill of that moment: so the client keeps a few tokens of slack (5% of the burst, at least one) and
/// refills 2% slower, which absorbs network delays of a second at ARM's 10 writes a second.
/// </summary>
internal sealed class ContinuousTokenBucket(int burst, double perSecond, TimeProvider time)
{
    private readonly int _burst = WithSlack(burst);
    private readonly double _perSecond = Math.Max(perSecond, 0.001) * 0.98;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Lock _gate = new();
    private double _tokens = WithSlack(burst);
    private long _refilledAt = time.GetTimestamp();

    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                TimeSpan wait;
                lock (_gate)
                {
                    Refill();
                    if (_tokens >= 1)
                    {
                        _tokens -= 1;
                        return;
                    }

                    wait = TimeSpan.FromSeconds((1 - _tokens) / _perSecond);
                }

                await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, time, cancellationToken);
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    private static int WithSlack(int burst) => Math.Max(1, burst - Math.Max(1, (int)Math.Ceiling(burst * 0.05)));

    // Called under _gate.
    private void Refill()
    {
        var now = time.GetTimestamp();
        var seconds = (double)(now - _refilledAt) / time.TimestampFrequency;
        _refilledAt = now;
        _tokens = Math.Min(_burst, _tokens + seconds * _perSecond);
    }
}
