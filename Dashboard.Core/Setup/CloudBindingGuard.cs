using Dashboard.Core.Cloud.Azure;
using Dashboard.Core.Domain;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Setup;

/// <summary>The database was made for another cloud than the one configured: the dashboard refuses to start.</summary>
public sealed class CloudMismatchException(string message) : InvalidOperationException(message);

/// <summary>
/// Records which cloud a database serves on its first start and refuses any other afterwards, so demo accounts,
/// demo sessions and simulated machines never meet a real subscription (and one subscription's sessions never
/// meet another's machines).
/// </summary>
internal sealed class CloudBindingGuard(IOptions<CloudOptions> cloud, IServiceProvider services, TimeProvider time)
{
    /// <summary>The cloud the settings name.</summary>
    public CloudBinding Configured()
    {
        var provider = cloud.Value.Provider;
        if (provider != CloudProvider.Azure)
            return new CloudBinding { Provider = provider.ToString(), BoundAt = time.GetUtcNow() };
        var azure = services.GetRequiredService<IOptions<AzureOptions>>().Value;
        return new CloudBinding
        {
            Provider = provider.ToString(), SubscriptionId = azure.SubscriptionId.Trim(), ResourceGroup = azure.ResourceGroup.Trim(),
            BoundAt = time.GetUtcNow(),
        };
    }

    /// <summary>Binds a new database to the configured cloud, or checks that an existing one serves it.</summary>
    public async Task EnsureAsync(DashboardDbContext db, bool firstRun, CancellationToken cancellationToken)
    {
        var configured = Configured();
        var recorded = await db.CloudBindings.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (recorded is null)
        {
            // A database from before bindings were recorded: its demo people say it served the simulated cloud.
            recorded = firstRun || !await HasDemoPeopleAsync(db, cancellationToken)
                ? configured
                : new CloudBinding { Provider = nameof(CloudProvider.Simulated), BoundAt = time.GetUtcNow() };
            db.CloudBindings.Add(recorded);
            await db.SaveChangesAsync(cancellationToken);
        }

        if (!recorded.Matches(configured))
            throw new CloudMismatchException(MismatchMessage(db, recorded, configured));
    }

    private static Task<bool> HasDemoPeopleAsync(DashboardDbContext db, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(u => u.NormalizedEmail != null && u.NormalizedEmail.EndsWith("@DEMO.TEST"), cancellationToken);

    private static string MismatchMessage(DashboardDbContext db, CloudBinding recorded, CloudBinding configured)
    {
        var connection = db.Database.GetDbConnection();
        var where = db.Database.IsSqlite() ? $"the SQLite file {connection.DataSource}" : $"the SQL Server database {connection.Database}";
        return $"This database ({where}) serves {recorded.Describe()}, but the settings name {configured.Describe()}. "
            + "A database belongs to one cloud: give this cloud a database of its own (Database:DataDirectory for SQLite, "
            + "ConnectionStrings:Dashboard for SQL Server), or set Cloud:Provider, Azure:SubscriptionId and Azure:ResourceGroup "
            + "back to what this database serves.";
    }
}
