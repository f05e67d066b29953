using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Core;

/// <summary>Snapshots, restore, reimage and copies on the simulated cloud, through MachineCommands as the pages use it.</summary>
public sealed class SnapshotCommandsTests
{
    private static readonly Viewer Owner = TestViewers.Instructor;

    [Fact]
    public async Task A_snapshot_is_listed_with_its_time_size_and_source_disk()
    {
        await using var core = await CoreHost.StartAsync();
        var machine = PoolMachine(core, 1);

        var name = await SnapshotAsync(core, machine);

        var listing = await core.Commands.ListSnapshotsAsync(machine.Id, Owner);
        var snapshot = Assert.Single(listing.Snapshots);
        Assert.Null(listing.Problem);
        Assert.Equal((name, 30, $"{machine.Name}-osdisk"), (snapshot.Name, snapshot.SizeGb, snapshot.Source));
        Assert.NotNull(snapshot.CreatedAt);
    }

    [Fact]
    public async Task Restoring_a_running_machine_deallocates_it_swaps_the_disk_and_starts_it_with_the_snapshots_content()
    {
        await using var core = await CoreHost.StartAsync();
        var machine = PoolMachine(core, 1);
        core.Cloud.WriteToDisk(machine.Name, "lesson 1 done");
        var snapshot = await SnapshotAsync(core, machine);
        core.Cloud.WriteToDisk(machine.Name, "broken by an experiment");

        var result = await core.Commands.RestoreAsync(machine.Id, snapshot, Owner);

        Assert.True(result.Succeeded, result.Message);
        Assert.Contains($"restored from snapshot {snapshot}", result.Message);
        Assert.Contains("is running again", result.Message);
        Assert.Equal("lesson 1 done", core.Cloud.DiskContentOf(machine.Name));
        Assert.NotEqual($"{machine.Name}-osdisk", core.Cloud.OsDiskOf(machine.Name));
        var shown = core.Monitor.FindMachine(machine.Id)!;
        Assert.Equal((MachineState.Running, null), (shown.State, shown.Operation));
        var history = await MachineCommandsTests.HistoryOnceItReachesAsync(core, machine, MachineState.Running);
        AssertInOrder([MachineState.Stopping, MachineState.Deallocated, MachineState.Updating, MachineState.Starting, MachineState.Running],
            history.Select(h => h.To).ToList());
        await AssertAuditedAsync(core, machine.Name, AuditAction.Restore, ActionOutcome.Started, ActionOutcome.Succeeded);
    }

    [Fact]
    public async Task A_restore_asked_not_to_start_again_leaves_the_machine_deallocated()
    {
        await using var core = await CoreHost.StartAsync();
        var machine = PoolMachine(core, 2);
        var snapshot = await SnapshotAsync(core, machine);

        var result = await core.Commands.RestoreAsync(machine.Id, snapshot, Owner, startAfterwards: false);

        Assert.True(result.Succeeded, result.Message);
        Assert.Contains("is deallocated", result.Message);
        await core.Poller.PollOnceAsync(CancellationToken.None);
        Assert.Equal(MachineState.Deallocated, core.Monitor.FindMachine(machine.Id)!.State);
    }

    [Fact]
    public async Task A_snapshot_that_is_gone_is_said_before_the_machine_is_stopped()
    {
        await using var core = await CoreHost.StartAsync();
        var machine = PoolMachine(core, 3);

        var result = await core.Commands.RestoreAsync(machine.Id, "python-workshop-03-osdisk-19990101-000000", Owner);

        Assert.Equal(ActionOutcome.Refused, result.Outcome);
        Assert.Equal($"Snapshot python-workshop-03-osdisk-19990101-000000 is not among the snapshots of {machine.Name} (any more); nothing was changed.", result.Message);
        Assert.Equal(MachineState.Running, core.Monitor.FindMachine(machine.Id)!.State);
        Assert.Equal(MachineState.Running, (await core.Cloud.ReadAsync(machine.CloudId!, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task Reimaging_a_pool_member_gives_it_a_fresh_disk_and_it_runs_again()
    {
        await using var core = await CoreHost.StartAsync();
        var machine = PoolMachine(core, 4);
        core.Cloud.WriteToDisk(machine.Name, "a student's half-finished work");

        var result = await core.Commands.ReimageAsync(machine.Id, Owner);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal($"fresh from {machine.Image}", core.Cloud.DiskContentOf(machine.Name));
        Assert.Equal(MachineState.Running, core.Monitor.FindMachine(machine.Id)!.State);
        var history = await MachineCommandsTests.HistoryOnceItReachesAsync(core, machine, MachineState.Running);
        AssertInOrder([MachineState.Updating, MachineState.Running], history.Select(h => h.To).ToList());
        await AssertAuditedAsync(core, machine.Name, AuditAction.Reimage, ActionOutcome.Started, ActionOutcome.Succeeded);
    }

    [Fact]
    public async Task Only_pool_members_are_reimaged()
    {
        await using var core = await CoreHost.StartAsync();
        var worker = core.Monitor.FindSession("spark-analytics")!.Machines.First(m => m.Role == MachineRole.Worker);
        core.Cloud.WriteToDisk(worker.Name, "shuffle files");

        var result = await core.Commands.ReimageAsync(worker.Id, TestViewers.Admin);

        Assert.Equal(ActionOutcome.Refused, result.Outcome);
        Assert.Equal("Only pool members can be reimaged: the other machines carry their session's own setup.", result.Message);
        Assert.Equal("shuffle files", core.Cloud.DiskContentOf(worker.Name));
    }

    [Fact]
    public async Task A_machine_created_from_a_snapshot_joins_the_session_runs_and_carries_the_snapshots_content()
    {
        await using var core = await CoreHost.StartAsync();
        var source = PoolMachine(core, 5);
        core.Cloud.WriteToDisk(source.Name, "exam environment");
        var snapshot = await SnapshotAsync(core, source);

        var result = await core.Commands.CreateFromSnapshotAsync(source.Id, snapshot, Owner);

        Assert.True(result.Succeeded, result.Message);
        var session = core.Monitor.FindSession("python-workshop")!;
        Assert.Equal(13, session.Machines.Length);
        var copy = session.Machines.Single(m => m.Name == "python-workshop-13");
        Assert.Equal((MachineRole.PoolMember, 13, MachineState.Running, source.Size), (copy.Role, copy.Ordinal, copy.State, copy.Size));
        Assert.Equal("exam environment", core.Cloud.DiskContentOf(copy.Name));
        Assert.Equal("exam environment", core.Cloud.DiskContentOf(source.Name));
        // The poller and the database know it like any other machine: it survives a poll and is saved.
        await core.Poller.PollOnceAsync(CancellationToken.None);
        Assert.Equal(MachineState.Running, core.Monitor.FindMachine(copy.Id)!.State);
        await using var db = core.CreateDbContext();
        var row = await db.Machines.SingleAsync(m => m.Name == copy.Name);
        Assert.Equal((session.Id, copy.CloudId), (row.SessionId, row.CloudId));
        await AssertAuditedAsync(core, copy.Name, AuditAction.CreateFromSnapshot, ActionOutcome.Started, ActionOutcome.Succeeded);
    }

    [Fact]
    public async Task A_copy_from_a_snapshot_that_is_gone_leaves_the_session_as_it_was()
    {
        await using var core = await CoreHost.StartAsync();
        var source = PoolMachine(core, 6);

        var result = await core.Commands.CreateFromSnapshotAsync(source.Id, "python-workshop-06-osdisk-19990101-000000", Owner);

        Assert.Equal(ActionOutcome.Failed, result.Outcome);
        Assert.Equal("Creating a machine from snapshot python-workshop-06-osdisk-19990101-000000 failed: "
            + "Snapshot python-workshop-06-osdisk-19990101-000000 no longer exists; python-workshop-13 was not created.", result.Message);
        Assert.Equal(12, core.Monitor.FindSession("python-workshop")!.Machines.Length);
        Assert.Null(core.Cloud.DiskContentOf("python-workshop-13"));
        await Eventually.TrueAsync(async () =>
        {
            await using var db = core.CreateDbContext();
            return !await db.Machines.AnyAsync(m => m.Name == "python-workshop-13");
        }, "the copy's row is removed again");
    }

    [Fact]
    public async Task Restore_and_reimage_are_refused_while_another_command_holds_the_machine()
    {
        await using var core = await CoreHost.StartAsync();
        var machine = PoolMachine(core, 7);
        var snapshot = await SnapshotAsync(core, machine);
        core.Cloud.WriteToDisk(machine.Name, "after the snapshot");

        var reboot = core.Commands.RunAsync(machine.Id, MachineAction.Reboot, TestViewers.Admin);
        await Eventually.TrueAsync(() => core.Monitor.IsBusy(machine.Id), "the reboot holds the machine");
        var restore = await core.Commands.RestoreAsync(machine.Id, snapshot, Owner);
        var reimage = await core.Commands.ReimageAsync(machine.Id, Owner);
        Assert.True((await reboot).Succeeded);

        Assert.Equal(ActionOutcome.Refused, restore.Outcome);
        Assert.StartsWith("Wait: Reboot by admin@demo.test since", restore.Message);
        Assert.Equal(ActionOutcome.Refused, reimage.Outcome);
        Assert.Equal("after the snapshot", core.Cloud.DiskContentOf(machine.Name));
        await using var db = core.CreateDbContext();
        var refusals = await db.ActionLog.Where(e => e.MachineName == machine.Name && e.Outcome == ActionOutcome.Refused).ToListAsync();
        Assert.Equal([AuditAction.Restore, AuditAction.Reimage], refusals.OrderBy(e => e.Id).Select(e => e.Action));
    }

    public static TheoryData<string> Refused() => ["student", "ops", "another instructor"];

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Students_ops_and_other_instructors_are_refused_by_the_commands_themselves(string who)
    {
        await using var core = await CoreHost.StartAsync();
        var machine = PoolMachine(core, 8);
        var snapshot = await SnapshotAsync(core, machine);
        core.Cloud.WriteToDisk(machine.Name, "after the snapshot");
        var viewer = who switch
        {
            "student" => TestViewers.Student(8),
            "ops" => TestViewers.Ops,
            _ => TestViewers.OtherInstructor,
        };

        var listing = await core.Commands.ListSnapshotsAsync(machine.Id, viewer);
        var results = new[]
        {
            await core.Commands.RestoreAsync(machine.Id, snapshot, viewer),
            await core.Commands.ReimageAsync(machine.Id, viewer),
            await core.Commands.CreateFromSnapshotAsync(machine.Id, snapshot, viewer),
        };

        Assert.Empty(listing.Snapshots);
        Assert.NotNull(listing.Problem);
        Assert.All(results, r => Assert.Equal((ActionOutcome.Refused, Dashboard.Core.Actions.ActionDenial.NotAllowed), (r.Outcome, r.Denial)));
        Assert.Equal("after the snapshot", core.Cloud.DiskContentOf(machine.Name));
        Assert.Equal(12, core.Monitor.FindSession("python-workshop")!.Machines.Length);
        Assert.Equal(MachineState.Running, core.Monitor.FindMachine(machine.Id)!.State);
        await using var db = core.CreateDbContext();
        var entries = await db.ActionLog.Where(e => e.Actor == viewer.Name).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([AuditAction.Restore, AuditAction.Reimage, AuditAction.CreateFromSnapshot], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(ActionOutcome.Refused, e.Outcome));
    }

    private static MachineView PoolMachine(CoreHost core, int number) =>
        core.Monitor.FindSession("python-workshop")!.Machines.Single(m => m.Ordinal == number);

    private static async Task<string> SnapshotAsync(CoreHost core, MachineView machine)
    {
        var result = await core.Commands.RunAsync(machine.Id, MachineAction.Snapshot, TestViewers.Admin);
        Assert.True(result.Succeeded, result.Message);
        return (await core.Commands.ListSnapshotsAsync(machine.Id, TestViewers.Admin)).Snapshots[0].Name;
    }

    private static void AssertInOrder(IReadOnlyList<MachineState> expected, IReadOnlyList<MachineState> seen)
    {
        var at = 0;
        foreach (var state in seen)
        {
            if (at < expected.Count && state == expected[at])
                at++;
        }

        Assert.True(at == expected.Count, $"Expected the states {string.Join(" → ", expected)} in order; the history is {string.Join(" → ", seen)}.");
    }

    private static async Task AssertAuditedAsync(CoreHost core, string machine, AuditAction action, params ActionOutcome[] outcomes)
    {
        await using var db = core.CreateDbContext();
        var entries = await db.ActionLog.Where(e => e.MachineName == machine && e.Action == action).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(outcomes, entries.Select(e => e.Outcome));
        Assert.All(entries, e => Assert.NotEqual("(anonymous)", e.Actor));
    }
}
