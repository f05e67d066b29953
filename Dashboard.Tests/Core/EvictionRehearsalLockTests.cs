using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Core;

/// <summary>An eviction rehearsal holds the machine's lock like every other command: nothing else runs on it meanwhile.</summary>
public sealed class EvictionRehearsalLockTests
{
    private static readonly Viewer Ops = Viewer.For("ops@demo.test", Roles.Ops);
    private static readonly Viewer Admin = Viewer.For("admin@demo.test", Roles.Admin);

    [Fact]
    public async Task While_a_rehearsal_runs_a_second_rehearsal_and_a_stop_are_refused_and_it_ends_evicted()
    {
        // Long enough for the rehearsal to be seen in flight; it still ends within a second.
        await using var core = await CoreHost.StartAsync(new Dictionary<string, string?> { ["Simulator:OperationSeconds"] = "2" });
        var node = core.Monitor.FindSession("genomics-hpc")!.Machines.First(m => m.IsSpot);

        var rehearsal = core.Commands.SimulateEvictionAsync(node.Id, Ops);
        await Eventually.TrueAsync(() => core.Monitor.FindMachine(node.Id)!.Operation is not null, "the rehearsal holds the machine");
        var second = await core.Commands.SimulateEvictionAsync(node.Id, Ops);
        var stop = await core.Commands.RunAsync(node.Id, MachineAction.Stop, Admin);

        Assert.Equal(ActionOutcome.Refused, second.Outcome);
        Assert.Equal(ActionOutcome.Refused, stop.Outcome);
        Assert.StartsWith("Wait: Eviction rehearsal", stop.Message, StringComparison.Ordinal);
        Assert.Equal("ops@demo.test", core.Monitor.FindMachine(node.Id)!.Operation!.Actor);
        Assert.True((await rehearsal).Succeeded);
        Assert.Null(core.Monitor.FindMachine(node.Id)!.Operation);
        // The listing shows the eviction and it is recorded once, as a real one would be.
        var history = await MachineCommandsTests.HistoryOnceItReachesAsync(core, node, MachineState.Evicted);
        Assert.Equal((StateChangeCause.Eviction, EvictionPolicy.Delete), (history[^1].Cause, history[^1].EvictionPolicy));
        Assert.Single(history, c => c.To == MachineState.Evicted);
        Assert.Equal(MachineState.Evicted, core.Monitor.FindMachine(node.Id)!.State);
    }

    [Fact]
    public async Task A_rehearsal_is_refused_while_another_command_holds_the_machine()
    {
        await using var core = await CoreHost.StartAsync(new Dictionary<string, string?> { ["Simulator:OperationSeconds"] = "2" });
        var worker = core.Monitor.FindSession("spark-analytics")!.Machines.Last(m => m.IsSpot);

        var reboot = core.Commands.RunAsync(worker.Id, MachineAction.Reboot, Admin);
        await Eventually.TrueAsync(() => core.Monitor.FindMachine(worker.Id)!.Operation is not null, "the reboot holds the machine");
        var rehearsal = await core.Commands.SimulateEvictionAsync(worker.Id, Ops);

        Assert.Equal(ActionOutcome.Refused, rehearsal.Outcome);
        Assert.True((await reboot).Succeeded);
        Assert.Equal(MachineState.Running, core.Monitor.FindMachine(worker.Id)!.State);
    }
}
