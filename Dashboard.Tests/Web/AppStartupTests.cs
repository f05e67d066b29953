using Dashboard.Core.People;
using System.Net;
using Dashboard.Core.Actions;
using Dashboard.Core.Cloud.Simulated;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.Persistence;
using Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Web;

/// <summary>The app as it ships (Program), in process: it serves, migrates, seeds and keeps its state across restarts.</summary>
public sealed class AppStartupTests
{
    [Fact]
    public async Task The_home_page_is_served_with_the_Blazor_script()
    {
        await using var app = new DashboardAppFactory();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<script src=\"_framework/blazor.web.js\"></script>", html, StringComparison.Ordinal);
        Assert.Contains("<title>Session Dashboard</title>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fresh_data_folder_gets_a_migrated_SQLite_database_with_the_four_demo_sessions()
    {
        await using var app = new DashboardAppFactory();
        _ = app.Services; // starts the host: migrations and the seed run before it serves

        Assert.True(File.Exists(Path.Combine(app.DataFolder, "dashboard.db")), "the database is created in Database:DataDirectory");
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        Assert.Equal("Microsoft.EntityFrameworkCore.Sqlite", db.Database.ProviderName);
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(4, await db.Formations.CountAsync());
        var seeded = (await db.Sessions.ToListAsync()).OrderBy(s => s.CreatedAt).Select(s => s.Name).ToList();
        Assert.Equal(["python-workshop", "desktop-lab", "spark-analytics", "genomics-hpc"], seeded);

        var monitor = app.Services.GetRequiredService<SessionMonitor>();
        Assert.Equal(seeded, monitor.Sessions.Select(s => s.Name));
        Assert.All(monitor.Sessions.SelectMany(s => s.Machines), m => Assert.Equal(MachineState.Running, m.State));
    }

    [Fact]
    public async Task Test_settings_override_the_operator_appsettings_file()
    {
        await using var app = new DashboardAppFactory();

        var simulator = app.Services.GetRequiredService<IOptions<SimulatedCloudOptions>>().Value;
        var monitor = app.Services.GetRequiredService<IOptions<MonitorOptions>>().Value;

        Assert.Equal(2, simulator.OperationSeconds);
        Assert.Equal(0, simulator.SpotEvictionsPerHour);
        Assert.Equal(Path.Combine(app.DataFolder, "simulated-cloud.json"), simulator.StateFile);
        Assert.Equal(0.2, monitor.PollSeconds);
    }

    [Fact]
    public async Task A_machine_stopped_before_a_restart_is_still_stopped_after_it()
    {
        using var folder = new TempFolder();
        await using (var first = new DashboardAppFactory(folder, FastOperations))
        {
            var worker = Worker01(first);
            var result = await first.Services.GetRequiredService<MachineCommands>().RunAsync(worker.Id, MachineAction.Stop, TestViewers.Admin);
            Assert.True(result.Succeeded, result.Message);
            Assert.Equal(MachineState.Deallocated, Worker01(first).State);
        }

        await using var second = new DashboardAppFactory(folder, FastOperations);
        var monitor = second.Services.GetRequiredService<SessionMonitor>();
        Assert.Equal(MachineState.Deallocated, Worker01(second).State);

        // Let the restarted app poll its (restored) cloud twice: it must not bring the machine back to life.
        var restartedAt = DateTimeOffset.UtcNow;
        await Eventually.TrueAsync(() => monitor.Health.LastSuccess > restartedAt.AddSeconds(0.3), "the restarted app has polled the cloud");
        Assert.Equal(MachineState.Deallocated, Worker01(second).State);
        Assert.Equal(4, monitor.Sessions.Count);
        Assert.All(monitor.Sessions.SelectMany(s => s.Machines).Where(m => m.Name != "spark-analytics-worker-01"),
            m => Assert.Equal(MachineState.Running, m.State));
    }

    private static readonly Dictionary<string, string?> FastOperations = new() { ["Simulator:OperationSeconds"] = "0.4" };

    private static MachineView Worker01(DashboardAppFactory app) =>
        app.Services.GetRequiredService<SessionMonitor>().FindSession("spark-analytics")!.Machines
            .Single(m => m.Name == "spark-analytics-worker-01");
}
