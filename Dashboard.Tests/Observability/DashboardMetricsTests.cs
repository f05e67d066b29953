using Dashboard.ArmEmulator;
using Dashboard.Core.Actions;
using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Core.Telemetry;
using Dashboard.Telemetry;
using Dashboard.Tests.AzureBackend;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Observability;

public sealed class DashboardMetricsTests
{
    [Fact]
    public async Task A_poll_records_its_duration_and_resets_the_poll_age()
    {
        await using var app = new DashboardAppFactory();
        _ = app.Server;
        using var measured = new AppMeasurements(app.Services);
        await app.Services.GetRequiredService<SessionMonitor>().WhenLoaded;

        await app.Services.GetRequiredService<CloudPoller>().PollOnceAsync(CancellationToken.None);

        var polls = measured.Of(DashboardMetrics.PollDuration);
        Assert.NotEmpty(polls);
        Assert.All(polls, p => Assert.True(p.Value > 0, "a poll takes some time"));
        Assert.Contains(polls, p => Equals(p.Tags["outcome"], "success"));
        Assert.InRange(measured.Observe(DashboardMetrics.PollAge), 0, 10);
    }

    [Fact]
    public async Task A_failing_listing_is_recorded_as_a_failed_poll_and_the_poll_age_grows()
    {
        await using var app = new DashboardAppFactory { TestServices = UnreliableCloud.Replace };
        _ = app.Server;
        using var measured = new AppMeasurements(app.Services);
        await Eventually.TrueAsync(() => app.Services.GetRequiredService<SessionMonitor>().Health.LastSuccess is not null, "a first listing succeeds");
        var ageAtFailure = measured.Observe(DashboardMetrics.PollAge);

        app.Services.GetRequiredService<UnreliableCloud>().ListingFailure = new CloudOperationException("Unreachable", "The cloud cannot be reached.");

        await Eventually.TrueAsync(() => measured.Of(DashboardMetrics.PollDuration).Any(p => Equals(p.Tags["outcome"], "failure")), "a failed poll is recorded");
        await Eventually.TrueAsync(() => measured.Observe(DashboardMetrics.PollAge) > ageAtFailure + 0.5, "the poll age grows while listings fail");
    }

    [Fact]
    public async Task An_operation_in_flight_shows_in_the_gauge_until_it_ends()
    {
        await using var app = new DashboardAppFactory { TestServices = UnreliableCloud.Replace };
        _ = app.Server;
        using var measured = new AppMeasurements(app.Services);
        var monitor = app.Services.GetRequiredService<SessionMonitor>();
        await monitor.WhenLoaded;
        var machine = monitor.FindSession("python-workshop")!.Machines[0];
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Services.GetRequiredService<UnreliableCloud>().BeforeRequest = _ => release.Task;
        Assert.Equal(0, measured.Observe(DashboardMetrics.OperationsInFlight));

        var stop = app.Services.GetRequiredService<MachineCommands>().RunAsync(machine.Id, MachineAction.Stop, TestViewers.Admin);

        await Eventually.TrueAsync(() => measured.Observe(DashboardMetrics.OperationsInFlight) == 1, "the stop is in flight");
        release.SetResult();
        Assert.True((await stop).Succeeded);
        Assert.Equal(0, measured.Observe(DashboardMetrics.OperationsInFlight));
    }

    [Fact]
    public async Task Every_429_from_the_cloud_counts()
    {
        const int vms = 12;
        await using var azure = await AzureHarness.StartAsync(arm =>
        {
            for (var i = 1; i <= vms; i++)
                arm.AddVirtualMachine(AzureHarness.ResourceGroup, $"pool-{i:00}", tags: AzureHarness.CreatedTags("pool", "PoolMember", "MachinePool"));
        }, throttling: ArmLimits.Azure with { Writes = new BucketLimit(3, 4) },
            settings: new Dictionary<string, string?> { ["Cloud:Limits:Writes:Burst"] = "100", ["Cloud:Limits:Writes:PerSecond"] = "100" });
        var pool = await azure.AdoptAsync("pool", vms);
        using var measured = new AppMeasurements(azure.Core.Services);
        Assert.Equal(0, measured.Observe(DashboardMetrics.ArmThrottled));

        var result = await azure.Core.Commands.RunBatchAsync(pool.Id, BatchAction.StopAll, TestViewers.Admin);

        Assert.Equal(vms, result.Succeeded.Count);
        Assert.True(azure.Emulator.Counts.Throttled > 0, "the endpoint refused some requests");
        Assert.Equal(azure.Emulator.Counts.Throttled, measured.Observe(DashboardMetrics.ArmThrottled));
    }

    [Fact]
    public async Task A_spot_eviction_counts_once_with_the_machine_size()
    {
        await using var app = new DashboardAppFactory();
        _ = app.Server;
        using var measured = new AppMeasurements(app.Services);
        var monitor = app.Services.GetRequiredService<SessionMonitor>();
        await monitor.WhenLoaded;
        var worker = monitor.FindSession("spark-analytics")!.Machines.First(m => m.IsSpot);

        Assert.True((await app.Services.GetRequiredService<MachineCommands>().SimulateEvictionAsync(worker.Id, TestViewers.Ops)).Succeeded);

        await Eventually.TrueAsync(() => measured.Of(DashboardMetrics.SpotEvictions).Count > 0, "the eviction is counted");
        var counted = Assert.Single(measured.Of(DashboardMetrics.SpotEvictions));
        Assert.Equal((1, worker.Size), (counted.Value, counted.Tags["dashboard.machine.size"]));
    }

    [Fact]
    public async Task A_hub_connection_counts_while_it_is_open()
    {
        await using var app = new DashboardAppFactory();
        using var measured = new AppMeasurements(app.Services);
        Assert.Equal(0, measured.Observe(WebMetrics.HubClients));

        await using (var connection = TestHubConnections.Build(app.Server, TestViewers.Admin.Name, Roles.Admin))
        {
            await connection.StartAsync();
            await Eventually.TrueAsync(() => measured.Observe(WebMetrics.HubClients) == 1, "the connection counts");
        }

        await Eventually.TrueAsync(() => measured.Observe(WebMetrics.HubClients) == 0, "a closed connection no longer counts");
    }
}
