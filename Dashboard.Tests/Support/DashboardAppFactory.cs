using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Support;

/// <summary>
/// The whole dashboard (Program as it ships) on its own temp data folder: a fresh SQLite database and simulated
/// cloud per instance, unless a folder is passed in to prove that state survives a restart. Operations are slow
/// enough (2 s) for a browser to see transitional states, and Spot machines are never evicted at random.
/// </summary>
public sealed class DashboardAppFactory : WebApplicationFactory<Program>
{
    private readonly TempFolder _folder;
    private readonly bool _ownsFolder;
    private readonly Dictionary<string, string?> _settings;

    public DashboardAppFactory(IDictionary<string, string?>? settings = null)
        : this(new TempFolder(), ownsFolder: true, settings)
    {
    }

    /// <summary>Runs on an existing folder, which the caller keeps (and deletes) itself.</summary>
    public DashboardAppFactory(TempFolder folder, IDictionary<string, string?>? settings = null)
        : this(folder, ownsFolder: false, settings)
    {
    }

    private DashboardAppFactory(TempFolder folder, bool ownsFolder, IDictionary<string, string?>? settings)
    {
        _folder = folder;
        _ownsFolder = ownsFolder;
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:DataDirectory"] = folder.Path,
            ["ConnectionStrings:Dashboard"] = "",
            ["Cloud:Provider"] = "Simulated",
            ["Cloud:PollSeconds"] = "0.2",
            ["Simulator:OperationSeconds"] = "2",
            ["Simulator:SpotEvictionsPerHour"] = "0",
            ["Simulator:FailureRate"] = "0",
            ["Demo:SeedOnFirstRun"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            _settings[key] = value;
    }

    public string DataFolder => _folder.Path;

    /// <summary>Registrations that win over the app's (a fake class clock, say).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>Serves on a real socket (a free port on 127.0.0.1) so a browser can reach it; returns the base URL.</summary>
    public Uri StartOnKestrel()
    {
        UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        var address = addresses.First();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            TestAuthentication.Add(services);
            // Hashing fifteen demo passwords at full strength would dominate every test's start-up.
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000);
            TestServices?.Invoke(services);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_ownsFolder)
            _folder.Dispose();
    }
}
