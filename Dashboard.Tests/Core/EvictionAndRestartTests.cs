using Dashboard.Core.People;
using Dashboard.Core.Domain;
using Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Core;

public sealed class EvictionAndRestartTests
{
    private static readonly Viewer Actor = Viewer.For("ops@demo.test", Roles.Admin);

    [Fact]
    public async Task An_evicted_spot_worker_shows_evicted_and_the_session_runs_on_with_reduced_capacity()
    {
        await using var core = await CoreHost.StartAsync();
        var spark = core.Monitor.FindSession("spark-analytics")!;
        var worker = spark.Machines.Last(m => m.Role == MachineRole.Worker && m.IsSpot);

        var result = await core.Commands.SimulateEvictionAsync(worker.Id, Actor);

        Assert.True(result.Succeeded, result.Message);
        await Eventually.TrueAsync(() => core.Monitor.FindMachine(worker.Id)!.State == MachineState.Evicted, "the worker shows evicted");
        // The cloud now lists it as deallocated; polling again must not turn it back into a plain stopped machine.
        await core.Poller.PollOnceAsync(CancellationToken.None);
        var session = core.Monitor.FindSession(spark.Id)!;
        var shown = session.Machines.Single(m => m.Id == worker.Id);
        Assert.Equal(MachineState.Evicted, shown.State);
        Assert.Contains("can be started again", shown.LastError);
        Assert.True(session.HasReducedCapacity);
        Assert.Equal(1, session.EvictedCount);
        Assert.Equal("workers 5/6 running", session.Counts[0].ToString());
        var history = await MachineCommandsTests.HistoryOnceItReachesAsync(core, worker, MachineState.Evicted);
        // The rehearsal holds the machine while the cloud evicts it, so a poll meanwhile may show the cloud's Deallocating.
        Assert.Contains(history[^1].From, new[] { MachineState.Running, MachineState.Deallocating });
        Assert.Equal((StateChangeCause.Eviction, EvictionPolicy.Deallocate), (history[^1].Cause, history[^1].EvictionPolicy));
    }

    [Fact]
    public async Task A_spot_worker_evicted_with_the_deallocate_policy_starts_again_without_showing_deallocated_on_the_way()
    {
        await using var core = await CoreHost.StartAsync();
        var worker = core.Monitor.FindSession("spark-analytics")!.Machines.Last(m => m.IsSpot);
        Assert.True((await core.Commands.SimulateEvictionAsync(worker.Id, Actor)).Succeeded);
        await Eventually.TrueAsync(() => core.Monitor.FindMachine(worker.Id)!.State == MachineState.Evicted, "the worker shows evicted");

        var result = await core.Commands.RunAsync(worker.Id, MachineAction.Start, Actor);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(MachineState.Running, core.Monitor.FindMachine(worker.Id)!.State);
        Assert.False(core.Monitor.FindSession(worker.SessionId)!.HasReducedCapacity);
        var history = await MachineCommandsTests.HistoryOnceItReachesAsync(core, worker, MachineState.Running);
        var sinceEviction = history.SkipWhile(c => c.To != MachineState.Evicted).ToList();
        Assert.Equal([MachineState.Evicted, MachineState.Starting, MachineState.Running], sinceEviction.Select(c => c.To));
    }

    [Fact]
    public async Task A_spot_node_evicted_with_the_delete_policy_stays_shown_as_evicted_and_cannot_start()
    {
        await using var core = await CoreHost.StartAsync();
        var node = core.Monitor.FindSession("genomics-hpc")!.Machines.First(m => m.IsSpot);

        Assert.True((await core.Commands.SimulateEvictionAsync(node.Id, Actor)).Succeeded);
        await Eventually.TrueAsync(() => core.Monitor.FindMachine(node.Id)!.State == MachineState.Evicted, "the node shows evicted");
        await core.Poller.PollOnceAsync(CancellationToken.None);
        var start = await core.Commands.RunAsync(node.Id, MachineAction.Start, Actor);

        Assert.Equal(MachineState.Evicted, core.Monitor.FindMachine(node.Id)!.State);
        Assert.DoesNotContain(await core.Cloud.ListAsync(CancellationToken.None), m => m.Name == node.Name);
        Assert.Equal(ActionOutcome.Refused, start.Outcome);
        var history = await MachineCommandsTests.HistoryOnceItReachesAsync(core, node, MachineState.Evicted);
        Assert.Equal((StateChangeCause.Eviction, EvictionPolicy.Delete), (history[^1].Cause, history[^1].EvictionPolicy));
    }

    [Fact]
    public async Task Only_a_running_spot_machine_can_be_evicted_on_demand()
    {
        await using var core = await CoreHost.StartAsync();
        var regular = core.Monitor.FindSession("python-workshop")!.Machines[0];

        var result = await core.Commands.SimulateEvictionAsync(regular.Id, Actor);

        Assert.Equal(ActionOutcome.Refused, result.Outcome);
        Assert.Equal(MachineState.Running, core.Monitor.FindMachine(regular.Id)!.State);
    }

    [Fact]
    public async Task Machine_states_survive_a_restart_and_the_demo_is_not_seeded_again()
    {
        var core = await CoreHost.StartAsync();
        var machine = core.Monitor.FindSession("python-workshop")!.Machines[0];
        Assert.True((await core.Commands.RunAsync(machine.Id, MachineAction.Stop, Actor)).Succeeded);
        var folder = await core.StopKeepingDataAsync();

        await using var restarted = await CoreHost.StartAsync(folder);
        await restarted.Poller.PollOnceAsync(CancellationToken.None);

        Assert.Equal(MachineState.Deallocated, restarted.Monitor.FindMachine(machine.Id)!.State);
        Assert.Equal(["python-workshop", "desktop-lab", "spark-analytics", "genomics-hpc"], restarted.Monitor.Sessions.Select(s => s.Name));
        Assert.Equal(30, restarted.Monitor.Sessions.SelectMany(s => s.Machines).Count(m => m.State == MachineState.Running));
        await using var db = restarted.CreateDbContext();
        Assert.Equal(4, await db.Sessions.CountAsync());
        Assert.Equal(4, await db.Formations.CountAsync());
        Assert.Equal(31, (await restarted.Cloud.ListAsync(CancellationToken.None)).Count);
    }
}
