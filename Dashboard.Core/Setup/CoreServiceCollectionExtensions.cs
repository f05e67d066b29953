using Dashboard.Core.Actions;
using Dashboard.Core.Budgets;
using Dashboard.Core.Costs;
using Dashboard.Core.Cloud;
using Dashboard.Core.Cloud.Azure;
using Dashboard.Core.Cloud.Pacing;
using Dashboard.Core.Cloud.Simulated;
using Dashboard.Core.ClassTime;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Core.Persistence;
using Dashboard.Core.Scaling;
using Dashboard.Core.Sessions;
using Dashboard.Core.Spot.Alerts;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Setup;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Everything the dashboard needs from Core: persistence, the cloud, the live monitor and commands.</summary>
    public static IServiceCollection AddDashboardCore(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<CloudOptions>().BindConfiguration(CloudOptions.Section);
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
        services.AddOptions<ConnectOptions>().BindConfiguration(ConnectOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConnectOptions>, ConnectOptionsValidator>();
        services.AddOptions<MonitorOptions>().BindConfiguration(CloudOptions.Section);

        // Migrations and the demo come first: hosted services start in the order they are added.
        services.AddDashboardPersistence(configuration, contentRoot);
        services.AddDashboardPeople();
        // Sign-in cookies and invitation tokens stay valid across restarts: keys live beside the database.
        var dataDirectory = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.DataDirectory ?? "data";
        services.AddDataProtection().SetApplicationName("Dashboard")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(DataFolder.Resolve(contentRoot, dataDirectory), "keys")));
        services.AddScoped<PeopleInitializer>();
        services.AddSingleton<CloudBindingGuard>();
        services.AddSingleton<DatabaseHealth>();
        services.AddHostedService<DatabaseInitializer>();

        var provider = configuration.GetSection(CloudOptions.Section).GetValue(nameof(CloudOptions.Provider), CloudProvider.Simulated);
        if (provider == CloudProvider.Azure)
            services.AddAzureCloud();
        else
            services.AddSimulatedCloud(contentRoot);

        // One server, or one of several sharing Redis (lease, claims, the live picture); before the live state uses it.
        services.AddScaleOut(configuration, provider);

        // The live state, split by job: store, write-behind persistence, operation tracker, discovery, poller.
        services.AddOptions<CloudLimitsOptions>().BindConfiguration(CloudLimitsOptions.Section);
        services.AddSingleton<CloudRequestPacer>();
        services.AddSingleton<Spot.SpotEvents>();
        services.AddSingleton<StateWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<StateWriter>());
        services.AddSingleton<SessionMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionMonitor>());
        services.AddSingleton<OperationJournal>();
        services.AddSingleton<OperationTracker>();
        services.AddSingleton<Discovery.DiscoveredMachines>();
        services.AddSingleton<OperationRecovery>();
        services.AddSingleton<MachineDiscovery>();
        services.AddSingleton<Discovery.MachineAdoption>();
        services.AddMetrics();
        services.AddSingleton<Telemetry.ListingAge>();
        services.AddSingleton<Telemetry.DashboardMetrics>();
        services.AddSingleton<CloudPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<CloudPoller>());
        services.AddSingleton<MachineCommands>();
        services.AddSingleton<SessionProvisioner>();
        services.AddSingleton<ConnectionDetailsBuilder>();
        services.AddSingleton<Audit.AuditQuery>();
        services.AddSingleton<Api.AccessTokens>();
        services.AddSingleton<Api.IdempotencyStore>();
        services.AddSingleton<Audit.AuditLog>();
        services.AddSingleton<Roster>();
        services.AddClassTime();
        services.AddSpotAlerts();
        services.AddDashboardCosts(provider);
        services.AddOptions<Spot.SpotRecoveryOptions>().BindConfiguration(Spot.SpotRecoveryOptions.Section)
            .Validate(o => o.FirstRetrySeconds > 0 && o.MaxRetrySeconds >= o.FirstRetrySeconds, "Spot:Recovery retry seconds must be positive, the maximum at least the first.")
            .Validate(o => o.ScanSeconds > 0 && o.CapacityCooldownMinutes >= 0, "Spot:Recovery:ScanSeconds must be positive and CapacityCooldownMinutes zero or more.")
            .ValidateOnStart();
        services.AddSingleton<Spot.SpotRecoverer>();
        services.AddHostedService(sp => sp.GetRequiredService<Spot.SpotRecoverer>());
        services.AddSingleton<Spot.SpotRecoveryCommands>();
        services.AddSingleton<Spot.SpotHistory>();
        services.AddOptions<Spot.SpotAdviceOptions>().BindConfiguration(Spot.SpotAdviceOptions.Section);
        return services;
    }

    /// <summary>Prices, the region they are looked up in, the shared cost figures and the budget check.</summary>
    private static void AddDashboardCosts(this IServiceCollection services, CloudProvider provider)
    {
        services.AddOptions<PriceTableOptions>().BindConfiguration(PriceTableOptions.Section);
        services.AddSingleton<PriceTable>();
        services.AddSingleton(sp => provider == CloudProvider.Azure
            ? new CloudRegion(sp.GetRequiredService<IOptions<AzureOptions>>().Value.Location)
            : new CloudRegion(sp.GetRequiredService<IOptions<SimulatedCloudOptions>>().Value.Region));
        if (provider == CloudProvider.Simulated)
            services.PostConfigure<PriceTableOptions>(DemoPrices.FillWhenEmpty);
        services.AddOptions<CostOptions>().BindConfiguration(CostOptions.Section)
            .Validate(o => o.RefreshSeconds >= 0, "Costs:RefreshSeconds must be zero or more.").ValidateOnStart();
        services.AddSingleton<CostCalculator>();
        services.AddSingleton<SessionCosts>();
        services.AddOptions<BudgetOptions>().BindConfiguration(BudgetOptions.Section)
            .Validate(o => o.WarnAtPercent > 0 && o.WarnAtPercent <= o.StopAtPercent,
                "Budgets:WarnAtPercent must be more than 0 and at most Budgets:StopAtPercent.")
            .Validate(o => o.EvaluateSeconds > 0, "Budgets:EvaluateSeconds must be more than zero.")
            .ValidateOnStart();
        services.AddSingleton<SessionBudgets>();
        services.AddSingleton<BudgetStopForecast>();
        services.AddSingleton<BudgetEvaluator>();
        services.AddHostedService(sp => sp.GetRequiredService<BudgetEvaluator>());
    }

    private static void AddSimulatedCloud(this IServiceCollection services, string contentRoot)
    {
        services.AddOptions<SimulatedCloudOptions>().BindConfiguration(SimulatedCloudOptions.Section)
            .PostConfigure<IOptions<DatabaseOptions>>((o, db) =>
                o.StateFile ??= Path.Combine(DataFolder.Resolve(contentRoot, db.Value.DataDirectory), "simulated-cloud.json"))
            .Validate(o => o.OperationSeconds >= 0, "Simulator:OperationSeconds must be zero or more.")
            .Validate(o => o.FailureRate is >= 0 and <= 1, "Simulator:FailureRate must be between 0 and 1.")
            .Validate(o => o.SpotEvictionsPerHour >= 0, "Simulator:SpotEvictionsPerHour must be zero or more.")
            .ValidateOnStart();
        services.AddOptions<MonitorOptions>().PostConfigure<IOptions<SimulatedCloudOptions>>((o, sim) =>
        {
            o.PollSeconds ??= 1;
            // A simulated operation takes seconds; one still running after thirty of them is lost.
            o.OperationTimeoutSeconds ??= Math.Max(60, 30 * sim.Value.OperationSeconds);
        });
        services.AddSingleton<SimulatedCloud>();
        services.AddSingleton<ICloud>(sp => sp.GetRequiredService<SimulatedCloud>());
    }
}
