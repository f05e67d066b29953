using System.Net;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Core.Persistence;
using Dashboard.Core.Sessions;
using Dashboard.Core.Setup;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;

namespace Dashboard.Benchmarks;

/// <summary>
/// The whole dashboard (its Program, simulated cloud, demo data) in this process on a real socket at 127.0.0.1,
/// on a fresh temp data folder, with fast operations and generous cloud limits so the figures measure the app.
/// </summary>
public sealed class BenchmarkApp : WebApplicationFactory<Program>
{
    public static Viewer Instructor { get; } = Viewer.For(DemoData.Instructor, Roles.Instructor);

    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("dashboard-bench-app-");
    private readonly Dictionary<string, string?> _settings;

    public BenchmarkApp(IDictionary<string, string?>? settings = null)
    {
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:DataDirectory"] = _data.FullName,
            ["ConnectionStrings:Dashboard"] = "",
            ["Cloud:Provider"] = "Simulated",
            ["Simulator:SpotEvictionsPerHour"] = "0",
            ["Simulator:OperationSeconds"] = "1",
            ["Simulator:FailureRate"] = "0",
            // Memory only: the simulator otherwise rewrites its whole JSON file under its lock on every state change,
            // which with 500 machines measures the simulator, not the dashboard (Azure keeps no such file).
            ["Simulator:StateFile"] = "",
            ["Demo:SeedOnFirstRun"] = "true",
            ["RateLimits:SignInPerMinute"] = "10000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        // Settings being added elsewhere; an app that does not know them yet ignores them.
        foreach (var bucket in new[] { "Writes", "Reads", "Deletes" })
        {
            _settings[$"Cloud:Limits:{bucket}:Burst"] = "1000";
            _settings[$"Cloud:Limits:{bucket}:PerSecond"] = "1000";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            _settings[key] = value;
    }

    public SessionMonitor Monitor => Services.GetRequiredService<SessionMonitor>();

    /// <summary>Registrations that win over the app's (the ARM endpoint's transport and credential, say).</summary>
    public Action<IServiceCollection>? ExtraServices { get; init; }

    /// <summary>Live Blazor circuits (open pages) right now, so memory is read only once closed pages have really let go.</summary>
    public int OpenCircuits => Services.GetRequiredService<Dashboard.Telemetry.OpenPages>().Count;

    /// <summary>Serves on a free port of 127.0.0.1 and returns the base URL.</summary>
    public Uri StartOnKestrel()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        // The app greets on standard output; that stream is for the figures.
        var stdout = Console.Out;
        Console.SetOut(Console.Error);
        try
        {
            StartServer();
        }
        finally
        {
            Console.SetOut(stdout);
        }

        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>Creates a Machine Pool session through the provisioner and waits until every machine runs.</summary>
    public async Task<SessionView> CreatePoolAsync(string name, int count, TimeSpan timeout)
    {
        var store = Services.GetRequiredService<SessionStore>();
        var formation = (await store.GetFormationsAsync(CancellationToken.None)).First(f => f.Kind == FormationKind.MachinePool);
        var request = new CreateSessionRequest { FormationId = formation.Id, Name = name, Count = count, Size = formation.Size };
        var created = await Services.GetRequiredService<SessionProvisioner>().CreateAsync(request, Instructor, CancellationToken.None);
        if (!created.Succeeded)
            throw new InvalidOperationException($"Creating {name} failed: {string.Join(" ", created.Errors.Select(e => e.Message))}");
        await WaitUntilAllAsync(name, MachineState.Running, timeout);
        return Monitor.FindSession(name)!;
    }

    /// <summary>Waits until every machine of the session shows the state with no command in flight.</summary>
    public Task WaitUntilAllAsync(string session, MachineState state, TimeSpan timeout) =>
        Wait.UntilAsync(() => Monitor.FindSession(session) is { } s && s.Machines.All(m => m.State == state && !m.IsBusy),
            $"every machine of {session} is {state}", timeout);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = Microsoft.Extensions.Logging.LogLevel.Trace);
            ExtraServices?.Invoke(services);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment longer; the temp folder is cleaned by the OS anyway.
        }

        GC.SuppressFinalize(this);
    }
}
