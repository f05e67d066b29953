using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Core;

/// <summary>Operations in flight as every subscriber sees them, and how they end.</summary>
public sealed class OperationTrackingTests
{
    private static readonly Viewer Instructor = Viewer.For("instructor@demo.test", Roles.Instructor);

    [Fact]
    public async Task Every_subscriber_sees_the_operation_in_flight_with_who_and_since_and_its_buttons_refuse()
    {
        await using var core = await CoreHost.StartAsync(new Dictionary<string, string?> { ["Simulator:OperationSeconds"] = "1" });
        var machine = core.Monitor.FindSession("python-workshop")!.Machines[0];
        using var other = core.Monitor.Subscribe();

        var stop = core.Commands.RunAsync(machine.Id, MachineAction.Stop, Instructor);

        MachineView? seen = null;
        await foreach (var batch in other.ReadChangesAsync(TimeSpan.Zero, new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token))
        {
            seen = batch.SelectMany(c => c.Session.Machines).FirstOrDefault(m => m.Id == machine.Id && m.Operation is not null);
            if (seen is not null)
                break;
        }

        Assert.NotNull(seen);
        Assert.Equal("Stop", seen.Operation!.Name);
        Assert.Equal("instructor@demo.test", seen.Operation.Actor);
        Assert.Equal(MachineState.Stopping, seen.State);
        var refusal = ActionRules.Check(seen, MachineAction.Start);
        Assert.False(refusal.Allowed);
        Assert.StartsWith("Wait: Stop by instructor@demo.test since", refusal.Reason, StringComparison.Ordinal);
        Assert.True((await stop).Succeeded);
        Assert.Null(core.Monitor.FindMachine(machine.Id)!.Operation);
    }

    [Fact]
    public async Task A_second_command_from_another_person_is_refused_while_the_first_runs()
    {
        await using var core = await CoreHost.StartAsync(new Dictionary<string, string?> { ["Simulator:OperationSeconds"] = "1" });
        var machine = core.Monitor.FindSession("python-workshop")!.Machines[0];

        var first = core.Commands.RunAsync(machine.Id, MachineAction.Stop, Instructor);
        var second = await core.Commands.RunAsync(machine.Id, MachineAction.Reboot, TestViewers.Admin);

        Assert.Equal(ActionOutcome.Refused, second.Outcome);
        Assert.Contains("Stop by instructor@demo.test", second.Message, StringComparison.Ordinal);
        Assert.True((await first).Succeeded);
    }

    [Fact]
    public async Task The_poller_speeds_up_while_operations_are_in_flight()
    {
        // Idle, the cloud is read once a minute; a stop still ends within seconds because in-flight polling is fast.
        await using var core = await CoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["Cloud:PollSeconds"] = "60", ["Cloud:BusyPollSeconds"] = "0.1",
        });
        var machine = core.Monitor.FindSession("python-workshop")!.Machines[0];

        var result = await core.Commands.RunAsync(machine.Id, MachineAction.Stop, Instructor).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(MachineState.Deallocated, core.Monitor.FindMachine(machine.Id)!.State);
    }

    [Fact]
    public async Task An_operation_that_outlives_its_timeout_ends_as_a_recorded_failure_in_plain_words()
    {
        await using var core = await CoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["Simulator:OperationSeconds"] = "30", ["Cloud:OperationTimeoutSeconds"] = "1",
        });
        var machine = core.Monitor.FindSession("python-workshop")!.Machines[0];

        var result = await core.Commands.RunAsync(machine.Id, MachineAction.Stop, Instructor);

        Assert.Equal(ActionOutcome.Failed, result.Outcome);
        Assert.Contains("did not finish within 1 second", result.Message, StringComparison.Ordinal);
        var shown = core.Monitor.FindMachine(machine.Id)!;
        Assert.Null(shown.Operation);
        Assert.Contains("did not finish", shown.LastError, StringComparison.Ordinal);
        await using var db = core.CreateDbContext();
        Assert.Contains(db.ActionLog, e => e.MachineName == machine.Name && e.Action == AuditAction.Stop && e.Outcome == ActionOutcome.Failed);
    }

    [Fact]
    public async Task Start_all_starts_every_stopped_machine_together()
    {
        await using var core = await CoreHost.StartAsync();
        var pool = core.Monitor.FindSession("python-workshop")!;
        await core.Commands.RunBatchAsync(pool.Id, BatchAction.StopAll, Instructor);

        var result = await core.Commands.RunBatchAsync(pool.Id, BatchAction.StartAll, Instructor);

        Assert.Equal(pool.Machines.Length, result.Succeeded.Count);
        Assert.Equal($"{pool.Machines.Length} started.", result.Summary);
        var after = core.Monitor.FindSession(pool.Id)!;
        Assert.All(after.Machines, m => Assert.Equal(MachineState.Running, m.State));
        Assert.Null(after.Batch);
    }

    [Fact]
    public async Task A_running_batch_is_on_the_session_for_everyone_until_it_ends()
    {
        await using var core = await CoreHost.StartAsync(new Dictionary<string, string?> { ["Simulator:OperationSeconds"] = "1" });
        var pool = core.Monitor.FindSession("python-workshop")!;

        var stopAll = core.Commands.RunBatchAsync(pool.Id, BatchAction.StopAll, Instructor);

        await Eventually.TrueAsync(() => core.Monitor.FindSession(pool.Id)!.Batch is not null, "the batch shows on the session");
        var batch = core.Monitor.FindSession(pool.Id)!.Batch!;
        Assert.Equal((BatchAction.StopAll, "instructor@demo.test", pool.Machines.Length), (batch.Action, batch.Actor, batch.Machines));
        Assert.False(ActionRules.AppliesTo(BatchAction.StopAll, core.Monitor.FindSession(pool.Id)!.Machines[0]));
        await stopAll;
        Assert.Null(core.Monitor.FindSession(pool.Id)!.Batch);
    }
}
