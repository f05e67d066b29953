using Dashboard.Core.Live;
using Dashboard.Core.Telemetry;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Dashboard.Health;

/// <summary>
/// Whether the cloud is reachable: the last listing succeeded and is at most a few poll intervals old. Before the
/// first listing after a start the state is not known yet (degraded), unless that takes as long as a stale listing.
/// </summary>
public sealed class CloudCheck(SessionMonitor live, ListingAge age, IOptions<MonitorOptions> options) : IHealthCheck
{
    private const int StaleAfterPolls = 3;
    private static readonly TimeSpan ShortestStale = TimeSpan.FromSeconds(15);

    public TimeSpan StaleAfter => Max(options.Value.IdleInterval * StaleAfterPolls, ShortestStale);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = live.Health;
        var old = age.Now;
        // The listing's own error stays in the log and on the pages: it may name subscriptions and resource groups.
        var result = health.Error is not null
            ? HealthCheckResult.Unhealthy($"Listing the cloud's machines fails, since {health.FailingSince:u}.")
            : old > StaleAfter
                ? HealthCheckResult.Unhealthy(age.HasListed
                    ? $"The last successful listing is {old.TotalSeconds:0} s old."
                    : $"No listing has succeeded in the {old.TotalSeconds:0} s since the start.")
                : age.HasListed
                    ? HealthCheckResult.Healthy($"The last listing succeeded {old.TotalSeconds:0.0} s ago.")
                    : HealthCheckResult.Degraded("Starting: the cloud has not been listed yet.");
        return Task.FromResult(result);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
