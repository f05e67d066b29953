using Dashboard.Core.People;
using Dashboard.Core.Domain;
using Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Core;

public sealed class MachineCommandsTests
{
    private static readonly Viewer Actor = Viewer.For("alice@demo.test", Roles.Admin);

    [Fact]
    public async Task A_command_the_rules_refuse_is_logged_as_refused_and_changes_nothing()
    {
        await using var core = await CoreHost.StartAsync();
        var machine = PoolMachine(core);

        var result = await core.Commands.RunAsync(machine.Id, MachineAction.Start, Actor);

        Assert.Equal(ActionOutcome.Refused, result.Outcome);
        Assert.Equal("The machine is already running.", result.Message);
        Assert.Equal(MachineState.Running, core.Monitor.FindMachine(machine.Id)!.State);
        await using var db = core.CreateDbContext();
        var entry = Assert.Single(await db.ActionLog.Where(e => e.MachineName == machine.Name).ToListAsync());
        Assert.Equal((AuditAction.Start, ActionOutcome.Refused, Actor.Name, "The machine is already running."),
            (entry.Action, entry.Outcome, entry.Actor, entry.Error));
        Assert.Empty(await db.StateChanges.Where(c => c.MachineId == machine.Id).ToListAsync());
    }

    [Fact]
    public async Task A_stop_is_logged_with_its_actor_and_its_states_are_recorded_in_order()
    {
        await using var core = await CoreHost.StartAsync();
        var machine = PoolMachine(core);

        var result = await core.Commands.RunAsync(machine.Id, MachineAction.Stop, Actor);

        Assert.True(result.Succeeded, result.Message);
        Assert.Contains("compute billing has stopped", result.Message);
        Assert.Equal(MachineState.Deallocated, core.Monitor.FindMachine(machine.Id)!.State);
        var history = await HistoryOnceItReachesAsync(core, machine, MachineState.Deallocated);
        Assert.Equal((MachineState.Running, MachineState.Stopping), (history[0].From, history[0].To));
        Assert.All(history.Zip(history.Skip(1)), pair => Assert.Equal(pair.First.To, pair.Second.From));
        Assert.All(history, c => Assert.Equal(StateChangeCause.Action, c.Cause));
        await using var db = core.CreateDbContext();
        var log = await db.ActionLog.Where(e => e.MachineName == machine.Name).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([("Stop", ActionOutcome.Started, Actor.Name), ("Stop", ActionOutcome.Succeeded, Actor.Name)],
            log.Select(e => (e.Action.ToString(), e.Outcome, e.Actor)));
        var row = await db.Machines.SingleAsync(m => m.Id == machine.Id);
        Assert.Equal(MachineState.Deallocated, row.State);
    }

    [Fact]
    public async Task A_failing_cloud_operation_is_reported_and_logged_and_the_machine_keeps_its_state_with_the_error()
    {
        await using var core = await CoreHost.StartAsync(new Dictionary<string, string?> { ["Simulator:FailOperations:0"] = "Reboot" });
        var machine = PoolMachine(core);
        var cloudError = $"Reboot of {machine.Name} failed (simulated fault).";

        var result = await core.Commands.RunAsync(machine.Id, MachineAction.Reboot, Actor);

        Assert.Equal(ActionOutcome.Failed, result.Outcome);
        Assert.Equal($"Reboot {machine.Name} failed: {cloudError}", result.Message);
        var shown = core.Monitor.FindMachine(machine.Id)!;
        Assert.Equal((MachineState.Running, cloudError), (shown.State, shown.LastError));
        Assert.False(core.Monitor.IsBusy(machine.Id));
        await using var db = core.CreateDbContext();
        var log = await db.ActionLog.Where(e => e.MachineName == machine.Name).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([("Reboot", ActionOutcome.Started, null), ("Reboot", ActionOutcome.Failed, cloudError)],
            log.Select(e => (e.Action.ToString(), e.Outcome, e.Error)));
        var row = await db.Machines.SingleAsync(m => m.Id == machine.Id);
        Assert.Equal((MachineState.Running, cloudError), (row.State, row.LastError));
    }

    [Fact]
    public async Task Connecting_to_a_running_machine_gives_its_ssh_command()
    {
        await using var core = await CoreHost.StartAsync();
        var machine = PoolMachine(core);

        var result = await core.Commands.RunAsync(machine.Id, MachineAction.Connect, Actor);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal($"ssh azureuser@{machine.Name}.sim.internal", result.Connection!.SshCommand);
    }

    private static MachineView PoolMachine(CoreHost core) => core.Monitor.FindSession("python-workshop")!.Machines[0];

    /// <summary>
    /// The machine's recorded history once its last row reaches <paramref name="state"/>: a poll may have recorded
    /// the final state just before the command did, and its write can land a moment after the command returns.
    /// </summary>
    internal static async Task<List<StateChange>> HistoryOnceItReachesAsync(CoreHost core, MachineView machine, MachineState state)
    {
        List<StateChange> history = [];
        await Eventually.TrueAsync(async () =>
        {
            await using var db = core.CreateDbContext();
            history = await db.StateChanges.Where(c => c.MachineId == machine.Id).OrderBy(c => c.Id).ToListAsync();
            return history.Count > 0 && history[^1].To == state;
        }, $"the history of {machine.Name} ends in {state}");
        return history;
    }
}
