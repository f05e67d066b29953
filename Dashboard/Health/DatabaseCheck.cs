using Dashboard.Core.Live;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashboard.Health;

/// <summary>
/// Whether the database answers a query now. One that answers while the live state's writes are still being
/// retried (they fail over to the next try within seconds) is degraded, not down.
/// </summary>
public sealed class DatabaseCheck(IDbContextFactory<DashboardDbContext> contexts, DatabaseHealth writes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The exception goes to the server log only: the probe's answer never names servers or files.
            return HealthCheckResult.Unhealthy("The database does not answer.", ex);
        }

        return writes.Error is null
            ? HealthCheckResult.Healthy("The database answers.")
            : HealthCheckResult.Degraded("The database answers; saving the live state failed a moment ago and is being retried.");
    }
}
