using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Core.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IDbContextFactory{DashboardDbContext}"/> for the configured provider.</summary>
    public static IServiceCollection AddDashboardPersistence(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString("Dashboard");
        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));

        if (options.Provider == DatabaseProvider.SqlServer)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new InvalidOperationException("Database:Provider is SqlServer but ConnectionStrings:Dashboard is empty: set it to the SQL Server connection string.");
            // Transient faults (failover, throttling, a dropped connection) are retried instead of failing the write.
            services.AddDbContextFactory<SqlServerDashboardContext>(o => o.UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure()));
            services.AddSingleton<IDbContextFactory<DashboardDbContext>, UpcastFactory<SqlServerDashboardContext>>();
        }
        else
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                var folder = DataFolder.Resolve(contentRoot, options.DataDirectory);
                connectionString = $"Data Source={Path.Combine(folder, "dashboard.db")}";
            }

            services.AddDbContextFactory<SqliteDashboardContext>(o => o.UseSqlite(connectionString).AddInterceptors(new SqlitePragmas()));
            services.AddSingleton<IDbContextFactory<DashboardDbContext>, UpcastFactory<SqliteDashboardContext>>();
        }

        // Identity's stores want a scoped context; everything else uses the factory.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContext());
        services.AddSingleton<SessionStore>();
        return services;
    }

    private sealed class UpcastFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<DashboardDbContext>
        where TContext : DashboardDbContext
    {
        public DashboardDbContext CreateDbContext() => inner.CreateDbContext();
    }
}

public static class DataFolder
{
    /// <summary>The absolute data folder, created if missing.</summary>
    public static string Resolve(string contentRoot, string dataDirectory)
    {
        var folder = Path.GetFullPath(Path.Combine(contentRoot, dataDirectory));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
