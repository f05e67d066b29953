using Dashboard.Core.Cloud;
using Dashboard.Core.Cloud.Simulated;
using Dashboard.Core.Domain;
using Dashboard.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Dashboard.Tests.Support.TestMachines;

namespace Dashboard.Tests.Core;

public sealed class SimulatedCloudTests
{
    private const double FastSeconds = 0.2;

    [Fact]
    public async Task A_created_machine_goes_from_creating_to_running()
    {
        using var cloud = Cloud();

        var seen = await WatchAsync(cloud, "vm-1", cloud.CreateAsync(Spec("vm-1"), CancellationToken.None));

        Assert.Equal(MachineState.Creating, seen[0]);
        Assert.Equal(MachineState.Running, seen[^1]);
    }

    [Fact]
    public async Task Stopping_passes_through_stopping_and_deallocating_to_deallocated()
    {
        using var cloud = Cloud(operationSeconds: 0.4);
        cloud.AddRunning([Spec("vm-1")]);

        var seen = await WatchAsync(cloud, "vm-1", cloud.StopAsync(cloud.IdFor("vm-1"), CancellationToken.None));

        Assert.Equal([MachineState.Stopping, MachineState.Deallocating, MachineState.Deallocated], seen);
    }

    [Fact]
    public async Task Hibernating_a_spot_machine_is_not_allowed()
    {
        using var cloud = Cloud();
        cloud.AddRunning([Spec("vm-1", MachinePriority.Spot)]);

        var error = await Assert.ThrowsAsync<CloudOperationException>(() => cloud.HibernateAsync(cloud.IdFor("vm-1"), CancellationToken.None));

        Assert.Equal("OperationNotAllowed", error.Code);
        Assert.Equal(MachineState.Running, await StateOfAsync(cloud, "vm-1"));
    }

    [Fact]
    public async Task Hibernating_a_machine_created_without_hibernation_is_not_allowed()
    {
        using var cloud = Cloud();
        cloud.AddRunning([Spec("vm-1", hibernation: false)]);

        var error = await Assert.ThrowsAsync<CloudOperationException>(() => cloud.HibernateAsync(cloud.IdFor("vm-1"), CancellationToken.None));

        Assert.Equal("OperationNotAllowed", error.Code);
        Assert.Contains("vm-1", error.Message);
    }

    [Fact]
    public async Task A_machine_created_with_hibernation_hibernates()
    {
        using var cloud = Cloud();
        cloud.AddRunning([Spec("vm-1", hibernation: true)]);

        await cloud.HibernateAsync(cloud.IdFor("vm-1"), CancellationToken.None);

        Assert.Equal(MachineState.Hibernated, await SettledAsync(cloud, "vm-1"));
    }

    [Fact]
    public async Task A_second_operation_while_one_runs_is_a_conflict()
    {
        using var cloud = Cloud();
        cloud.AddRunning([Spec("vm-1")]);
        var stopping = cloud.StopAsync(cloud.IdFor("vm-1"), CancellationToken.None);

        await stopping;
        var error = await Assert.ThrowsAsync<CloudOperationException>(() => cloud.RebootAsync(cloud.IdFor("vm-1"), CancellationToken.None));

        Assert.Equal("Conflict", error.Code);
        Assert.Contains("Stop", error.Message);
        Assert.Equal(MachineState.Deallocated, await SettledAsync(cloud, "vm-1"));
    }

    [Fact]
    public async Task An_eviction_with_the_deallocate_policy_leaves_the_machine_deallocated()
    {
        using var cloud = Cloud();
        cloud.AddRunning([Spec("vm-1", MachinePriority.Spot, EvictionPolicy.Deallocate)]);

        await cloud.SimulateEvictionAsync(cloud.IdFor("vm-1"), CancellationToken.None);

        Assert.Equal(MachineState.Deallocated, await StateOfAsync(cloud, "vm-1"));
    }

    [Fact]
    public async Task An_eviction_with_the_delete_policy_removes_the_machine()
    {
        using var cloud = Cloud();
        cloud.AddRunning([Spec("vm-1", MachinePriority.Spot, EvictionPolicy.Delete), Spec("vm-2")]);

        await cloud.SimulateEvictionAsync(cloud.IdFor("vm-1"), CancellationToken.None);

        Assert.Equal(["vm-2"], (await cloud.ListAsync(CancellationToken.None)).Select(m => m.Name));
    }

    [Fact]
    public async Task Only_a_spot_machine_can_be_evicted()
    {
        using var cloud = Cloud();
        cloud.AddRunning([Spec("vm-1")]);

        var error = await Assert.ThrowsAsync<CloudOperationException>(() => cloud.SimulateEvictionAsync(cloud.IdFor("vm-1"), CancellationToken.None));

        Assert.Equal("OperationNotAllowed", error.Code);
    }

    [Fact]
    public async Task Random_evictions_reclaim_running_spot_machines_but_never_regular_ones()
    {
        // At this rate every running Spot machine is reclaimed on the first one-second tick.
        using var cloud = Cloud(evictionsPerHour: 3_600_000);
        cloud.AddRunning([Spec("spot-1", MachinePriority.Spot, EvictionPolicy.Deallocate), Spec("regular-1")]);

        await Eventually.TrueAsync(async () => await StateOfAsync(cloud, "spot-1") == MachineState.Deallocated,
            "the Spot machine is evicted", TimeSpan.FromSeconds(10));

        Assert.Equal(MachineState.Running, await StateOfAsync(cloud, "regular-1"));
    }

    [Fact]
    public async Task An_injected_start_failure_fails_with_a_clear_message_and_leaves_the_machine_as_it_was()
    {
        using var cloud = Cloud(failOperations: ["Start"]);
        cloud.AddRunning([Spec("vm-1")]);
        await cloud.StopAsync(cloud.IdFor("vm-1"), CancellationToken.None);
        await SettledAsync(cloud, "vm-1");

        var error = await Assert.ThrowsAsync<CloudOperationException>(() => cloud.StartAsync(cloud.IdFor("vm-1"), CancellationToken.None));

        Assert.Equal("InternalError", error.Code);
        Assert.Equal("Start of vm-1 failed (simulated fault).", error.Message);
        Assert.Equal(MachineState.Deallocated, await StateOfAsync(cloud, "vm-1"));
    }

    [Fact]
    public async Task An_injected_start_failure_on_spot_reads_like_azure_running_out_of_spot_capacity()
    {
        using var cloud = Cloud(failOperations: ["Start"]);
        cloud.AddRunning([Spec("vm-1", MachinePriority.Spot)]);
        await cloud.StopAsync(cloud.IdFor("vm-1"), CancellationToken.None);
        await SettledAsync(cloud, "vm-1");

        var error = await Assert.ThrowsAsync<CloudOperationException>(() => cloud.StartAsync(cloud.IdFor("vm-1"), CancellationToken.None));

        Assert.Equal("AllocationFailed", error.Code);
        Assert.Contains("No Spot capacity", error.Message);
    }

    [Fact]
    public async Task An_injected_create_failure_leaves_a_failed_machine_whose_listing_says_why()
    {
        using var cloud = Cloud(failOperations: ["Create"]);

        await cloud.CreateAsync(Spec("vm-1"), CancellationToken.None);

        Assert.Equal(MachineState.Failed, await SettledAsync(cloud, "vm-1"));
        var listed = (await cloud.ListAsync(CancellationToken.None)).Single();
        Assert.Equal("Create of vm-1 failed (simulated fault).", listed.Problem);
    }

    [Fact]
    public async Task Operations_return_once_accepted_and_the_listing_shows_their_end()
    {
        using var cloud = Cloud(operationSeconds: 0.4);
        cloud.AddRunning([Spec("vm-1")]);

        await cloud.StopAsync(cloud.IdFor("vm-1"), CancellationToken.None);

        Assert.Equal(MachineState.Stopping, await StateOfAsync(cloud, "vm-1"));
        Assert.Equal(MachineState.Deallocated, await SettledAsync(cloud, "vm-1"));
    }

    [Fact]
    public async Task Requests_wait_for_their_turn_under_the_write_limit()
    {
        var pacer = TestPacers.With(writes: new() { Burst = 2, PerSecond = 20 });
        using var cloud = Cloud(pacer: pacer);
        cloud.AddRunning([Spec("vm-1"), Spec("vm-2"), Spec("vm-3"), Spec("vm-4")]);

        var stops = new[] { "vm-1", "vm-2", "vm-3", "vm-4" }.Select(n => cloud.StopAsync(cloud.IdFor(n), CancellationToken.None)).ToList();

        // Two go at once (the burst); the others wait for the refill, then all go through.
        await Task.WhenAll(stops);
        Assert.Equal(4, pacer.Sent);
        Assert.Equal(0, pacer.Throttled);
    }

    [Fact]
    public async Task The_cloud_outlives_a_restart_through_its_state_file()
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "cloud.json");
        using (var first = Cloud(stateFile: file))
        {
            first.AddRunning([Spec("vm-1"), Spec("vm-2")]);
            await first.StopAsync(first.IdFor("vm-2"), CancellationToken.None);
            await SettledAsync(first, "vm-2");
        }

        using var second = Cloud(stateFile: file);

        Assert.Equal([("vm-1", MachineState.Running), ("vm-2", MachineState.Deallocated)],
            (await second.ListAsync(CancellationToken.None)).Select(m => (m.Name, m.State)).Order());
    }

    [Fact]
    public async Task An_operation_cut_short_by_a_restart_lands_where_it_was_heading()
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "cloud.json");
        using var first = Cloud(operationSeconds: 4, stateFile: file);
        first.AddRunning([Spec("vm-1")]);
        await first.StopAsync(first.IdFor("vm-1"), CancellationToken.None);
        await Eventually.TrueAsync(() => File.Exists(file) && File.ReadAllText(file).Contains("Stopping", StringComparison.Ordinal),
            "the state file records the stop under way");

        using var second = Cloud(stateFile: file);
        var state = await StateOfAsync(second, "vm-1");

        Assert.Equal(MachineState.Deallocated, state);
    }

    private static SimulatedCloud Cloud(double operationSeconds = FastSeconds, double evictionsPerHour = 0,
        List<string>? failOperations = null, string? stateFile = null, Dashboard.Core.Cloud.Pacing.CloudRequestPacer? pacer = null) =>
        new(Options.Create(new SimulatedCloudOptions
        {
            OperationSeconds = operationSeconds,
            SpotEvictionsPerHour = evictionsPerHour,
            FailOperations = failOperations ?? [],
            StateFile = stateFile,
        }), pacer ?? TestPacers.Unlimited(), TimeProvider.System, NullLogger<SimulatedCloud>.Instance);

    /// <summary>The state a machine comes to rest in once the operation the cloud accepted has run its course.</summary>
    private static async Task<MachineState?> SettledAsync(ICloud cloud, string name)
    {
        MachineState? state = null;
        await Eventually.TrueAsync(async () =>
        {
            state = await StateOfAsync(cloud, name);
            return state is not { } s || !ActionRules.IsTransitional(s);
        }, $"{name} comes to rest", TimeSpan.FromSeconds(10));
        return state;
    }

    private static async Task<MachineState?> StateOfAsync(ICloud cloud, string name) =>
        (await cloud.ListAsync(CancellationToken.None)).FirstOrDefault(m => m.Name == name)?.State;

    /// <summary>Every distinct state the cloud lists for a machine while an operation runs, and the one it ends in.</summary>
    private static async Task<List<MachineState>> WatchAsync(ICloud cloud, string name, Task operation)
    {
        var seen = new List<MachineState>();
        void Record(MachineState? state)
        {
            if (state is { } s && (seen.Count == 0 || seen[^1] != s))
                seen.Add(s);
        }

        while (!operation.IsCompleted)
        {
            Record(await StateOfAsync(cloud, name));
            await Task.Delay(10);
        }

        await operation;
        // The cloud returns once it accepted the request; the listing shows the rest.
        while (await StateOfAsync(cloud, name) is { } state && (ActionRules.IsTransitional(state) || seen.Count == 0))
        {
            Record(state);
            await Task.Delay(10);
        }

        Record(await StateOfAsync(cloud, name));
        return seen;
    }
}
