using Dashboard.Core.Domain;
using Dashboard.Tests.AzureBackend;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.ScaleOut;

using Dashboard.ArmEmulator;

/// <summary>Two servers, one Redis, one database and one ARM endpoint: what a deployment behind one address relies on.</summary>
[Collection(RedisCollection.Name)]
public sealed class TwoServerTests(RedisServer redis)
{
    private static void SeedPool(ArmEmulator arm)
    {
        // Three stopped machines to start, one running.
        foreach (var i in Enumerable.Range(1, 4))
        {
            arm.AddVirtualMachine(AzureHarness.ResourceGroup, $"pool-0{i}", tags: AzureHarness.CreatedTags("pool", "Student", "WorkshopPool"),
                powerState: i < 4 ? "deallocated" : "running");
        }
    }

    private async Task<(ServerPair Pair, SessionView Pool)> StartAsync(TimeSpan? latency = null)
    {
        var pair = await ServerPair.StartAsync(redis, SeedPool, latency);
        var pool = await AzureHarness.AdoptAsync(pair.First.Core, "pool", 4);
        await Eventually.TrueAsync(() => pair.Second.Core.Monitor.FindSession("pool")?.Machines.Length == 4,
            "the second server shows the session the first adopted");
        return (pair, pool);
    }

    private static MachineView On(ServerPair.Server server, string name) =>
        server.Core.Monitor.Sessions.SelectMany(s => s.Machines).Single(m => m.Name == name);

    [Fact]
    public async Task An_admin_on_the_follower_sees_the_leaders_discovered_machines_and_adopts_them_for_both()
    {
        await using var pair = await ServerPair.StartAsync(redis, SeedPool);

        var pool = await AzureHarness.AdoptAsync(pair.Second.Core, "pool", 4);

        Assert.Equal(4, pool.Machines.Length);
        await Eventually.TrueAsync(() => pair.First.Core.Monitor.FindSession("pool")?.Machines.Length == 4, "the leader shows the adopted session");
        Assert.Equal(0, pair.Second.Arm.Lists);
    }

    [Fact]
    public async Task Only_the_lease_holder_lists_the_cloud()
    {
        var (pair, _) = await StartAsync();
        await using var _ = pair;
        var followerLists = pair.Second.Arm.Lists;
        var leaderLists = pair.First.Arm.Lists;

        await Eventually.TrueAsync(() => pair.First.Arm.Lists >= leaderLists + 5, "the leader keeps polling");

        Assert.True(pair.First.IsLeader);
        Assert.False(pair.Second.IsLeader);
        Assert.Equal(followerLists, pair.Second.Arm.Lists);
        Assert.Equal(0, followerLists);
    }

    [Fact]
    public async Task A_start_on_the_follower_shows_on_both_and_ends_when_the_leader_sees_it_running()
    {
        var (pair, _) = await StartAsync();
        await using var _ = pair;
        var machine = On(pair.Second, "pool-01");
        Assert.Equal(MachineState.Deallocated, machine.State);

        var start = await pair.Second.Core.Commands.RunAsync(machine.Id, MachineAction.Start, TestViewers.Admin);

        Assert.True(start.Succeeded, start.Message);
        Assert.Equal(1, pair.Second.Arm.Starts);
        Assert.Equal(0, pair.First.Arm.Starts);
        await Eventually.TrueAsync(() => On(pair.First, "pool-01") is { State: MachineState.Running, Operation: null }
            && On(pair.Second, "pool-01") is { State: MachineState.Running, Operation: null }, "both servers show it running and free");
    }

    [Fact]
    public async Task The_same_machine_cannot_be_started_from_both_servers_at_once()
    {
        var (pair, _) = await StartAsync();
        await using var _ = pair;
        var id = On(pair.First, "pool-02").Id;

        var results = await Task.WhenAll(
            pair.First.Core.Commands.RunAsync(id, MachineAction.Start, TestViewers.Admin),
            pair.Second.Core.Commands.RunAsync(id, MachineAction.Start, TestViewers.Admin));

        Assert.Single(results, r => r.Succeeded);
        Assert.Contains(results, r => !r.Succeeded && r.Message.Contains("Another command", StringComparison.Ordinal));
        Assert.Equal(1, pair.First.Arm.Starts + pair.Second.Arm.Starts);
    }

    [Fact]
    public async Task Start_All_clicked_on_both_servers_at_once_starts_each_machine_once()
    {
        var (pair, pool) = await StartAsync();
        await using var _ = pair;

        var batches = await Task.WhenAll(
            pair.First.Core.Commands.RunBatchAsync(pool.Id, BatchAction.StartAll, TestViewers.Admin),
            pair.Second.Core.Commands.RunBatchAsync(pool.Id, BatchAction.StartAll, TestViewers.Admin));

        Assert.Equal(3, pair.First.Arm.Starts + pair.Second.Arm.Starts);
        Assert.Equal(3, batches.Sum(b => b.Succeeded.Count));
        await Eventually.TrueAsync(() => pair.Second.Core.Monitor.FindSession(pool.Id)!.Machines.All(m => m is { State: MachineState.Running, Operation: null }),
            "every machine runs, on both servers");
    }

    [Fact]
    public async Task When_the_leader_dies_the_other_takes_over_and_finishes_the_operation_the_dead_one_started()
    {
        var (pair, _) = await StartAsync(latency: TimeSpan.FromSeconds(3));
        await using var owned = pair;
        var id = On(pair.First, "pool-03").Id;

        // Not awaited: its server dies before the start ends.
        _ = pair.First.Core.Commands.RunAsync(id, MachineAction.Start, TestViewers.Admin);
        await Eventually.TrueAsync(() => On(pair.Second, "pool-03").Operation is { Sent: true }, "the follower mirrors the leader's start");
        await pair.First.CrashAsync();

        await Eventually.TrueAsync(() => pair.Second.IsLeader, "the second server takes the lease");
        var listsAfterTakeover = pair.Second.Arm.Lists;
        await Eventually.TrueAsync(() => pair.Second.Arm.Lists > listsAfterTakeover, "the new leader polls");
        await Eventually.TrueAsync(() => On(pair.Second, "pool-03") is { State: MachineState.Running, Operation: null },
            "the new leader sees the start through and frees the machine");
        // Losing Redis stops no server: the old leader only stops leading.
        Assert.True(pair.First.Core.IsRunning);
        Assert.False(pair.First.IsLeaderNow);
    }
}
