using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Dashboard.Health;

/// <summary>
/// Whether Redis answers a ping, where the dashboard uses one (a multiplexer is registered when
/// <c>Redis:Configuration</c> is set); without one there is nothing to check.
/// </summary>
public sealed class RedisCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<IConnectionMultiplexer>() is not { } redis)
            return HealthCheckResult.Healthy("Redis is not configured.");
        // A multiplexer that is not connected would queue the ping until its own timeout: say so at once.
        if (!redis.IsConnected)
            return HealthCheckResult.Unhealthy("Redis is not connected.");
        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy($"Redis answers ({latency.TotalMilliseconds:0.0} ms).");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer a ping.", ex);
        }
    }
}
