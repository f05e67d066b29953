using Dashboard.Core.Actions;
using Dashboard.Core.Cloud.Simulated;
using Dashboard.Core.Live;
using Dashboard.Core.Persistence;
using Dashboard.Core.Sessions;
using Dashboard.Core.Setup;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dashboard.Tests.Support;

/// <summary>
/// Core exactly as the app registers it (real SQLite file, real simulated cloud, running monitor),
/// with fast operations. Settings can be overridden per test.
/// </summary>
public sealed class CoreHost : IAsyncDisposable
{
    private readonly TempFolder _folder;
    private readonly IHost _host;

    private CoreHost(TempFolder folder, IHost host)
    {
        _folder = folder;
        _host = host;
    }

    public IServiceProvider Services => _host.Services;
    public string DataFolder => _folder.Path;
    public SessionMonitor Monitor => Services.GetRequiredService<SessionMonitor>();
    public CloudPoller Poller => Services.GetRequiredService<CloudPoller>();
    public OperationTracker Operations => Services.GetRequiredService<OperationTracker>();
    public SimulatedCloud Cloud => Services.GetRequiredService<SimulatedCloud>();
    public MachineCommands Commands => Services.GetRequiredService<MachineCommands>();
    public SessionProvisioner Provisioner => Services.GetRequiredService<SessionProvisioner>();
    public SessionStore Store => Services.GetRequiredService<SessionStore>();

    public static Task<CoreHost> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null,
        Action<IServiceCollection>? replacing = null) =>
        StartAsync(new TempFolder(), settings, services, replacing);

    /// <summary>Starts on an existing folder: used to prove that state survives a restart.</summary>
    /// <param name="replacing">Registrations made after Core's, which win over them (a cloud that drops entries, say).</param>
    public static async Task<CoreHost> StartAsync(TempFolder folder, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null, Action<IServiceCollection>? replacing = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = folder.Path,
            ["Simulator:OperationSeconds"] = "0.4",
            ["Simulator:SpotEvictionsPerHour"] = "0",
            ["Cloud:PollSeconds"] = "0.1",
            // Every SQL command at Information would bury a failing test's own output.
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            values[key] = value;

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder.Path });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(values);
        builder.Services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000);
        services?.Invoke(builder.Services);
        builder.Services.AddDashboardCore(builder.Configuration, folder.Path);
        replacing?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new CoreHost(folder, host);
    }

    /// <summary>False once anything asked the host to stop (an unhandled background failure does).</summary>
    public bool IsRunning => !Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested;

    public DashboardDbContext CreateDbContext() =>
        Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContext();

    /// <summary>Stops the host but keeps the folder, to start again on it.</summary>
    public async Task<TempFolder> StopKeepingDataAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        return _folder;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
