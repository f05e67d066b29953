using Dashboard.Core.Live;

namespace Dashboard.Core.Telemetry;

/// <summary>
/// How old the shown machine states are: the time since the last successful listing, or since the start while
/// there has been none. The poll-age gauge and the cloud health check read the same figure.
/// </summary>
public sealed class ListingAge(SessionMonitor live, TimeProvider time)
{
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    public bool HasListed => live.Health.LastSuccess is not null;

    public TimeSpan Now
    {
        get
        {
            var age = time.GetUtcNow() - (live.Health.LastSuccess ?? _startedAt);
            return age < TimeSpan.Zero ? TimeSpan.Zero : age;
        }
    }
}
