using Dashboard.Core.Actions;
using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Core.Sessions;
using Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Authorization;

/// <summary>
/// The command surface: every forbidden call is refused by MachineCommands / SessionProvisioner themselves,
/// touches nothing in the (simulated) cloud, and leaves a Refused entry in the audit trail.
/// </summary>
public sealed class CommandSurfaceTests : IAsyncLifetime
{
    private CoreHost _core = default!;

    public async Task InitializeAsync() => _core = await CoreHost.StartAsync();

    public async Task DisposeAsync() => await _core.DisposeAsync();

    public static TheoryData<string, int, MachineAction, int> ForbiddenMachineCalls() => new()
    {
        // who (student number, 0 = ops), target pool machine, action
        { "a student stops someone else's machine", 1, MachineAction.Stop, 2 },
        { "a student reboots their own machine", 1, MachineAction.Reboot, 1 },
        { "a student deletes their own machine", 1, MachineAction.Delete, 1 },
        { "ops stop a machine", 0, MachineAction.Stop, 3 },
        { "ops reboot a machine", 0, MachineAction.Reboot, 3 },
    };

    [Theory]
    [MemberData(nameof(ForbiddenMachineCalls))]
    public async Task A_forbidden_machine_command_is_refused_changes_nothing_and_is_audited(string because, int who, MachineAction action, int target)
    {
        var viewer = who == 0 ? TestViewers.Ops : TestViewers.Student(who);
        var machine = PoolMachine(target);
        var before = await CloudStatesAsync();

        var result = await _core.Commands.RunAsync(machine.Id, action, viewer);

        Assert.True(result.Outcome == ActionOutcome.Refused, because);
        await AssertNothingChangedAsync(before);
        var entry = await LastEntryAsync(viewer.Name);
        Assert.Equal((action.ToString(), "python-workshop", machine.Name, ActionOutcome.Refused, result.Message),
            (entry.Action.ToString(), entry.SessionName, entry.MachineName, entry.Outcome, entry.Error));
    }

    [Fact]
    public async Task Another_instructors_Stop_All_on_python_workshop_is_refused_and_audited()
    {
        var session = _core.Monitor.FindSession("python-workshop")!;
        var before = await CloudStatesAsync();

        var result = await _core.Commands.RunBatchAsync(session.Id, BatchAction.StopAll, TestViewers.OtherInstructor);

        Assert.Equal("You can only act on your own sessions.", result.Refused);
        Assert.Empty(result.Succeeded);
        await AssertNothingChangedAsync(before);
        var entry = await LastEntryAsync(TestViewers.OtherInstructor.Name);
        Assert.Equal((AuditAction.StopAll, "python-workshop", (string?)null, ActionOutcome.Refused),
            (entry.Action, entry.SessionName, entry.MachineName, entry.Outcome));
    }

    [Fact]
    public async Task An_instructor_rehearsing_an_eviction_is_refused_and_audited()
    {
        var worker = _core.Monitor.FindSession("spark-analytics")!.Machines.First(m => m.IsSpot);
        var before = await CloudStatesAsync();

        var result = await _core.Commands.SimulateEvictionAsync(worker.Id, TestViewers.Instructor);

        Assert.Equal(ActionOutcome.Refused, result.Outcome);
        await AssertNothingChangedAsync(before);
        var entry = await LastEntryAsync(TestViewers.Instructor.Name);
        Assert.Equal((AuditAction.SimulateEviction, worker.Name, ActionOutcome.Refused), (entry.Action, entry.MachineName, entry.Outcome));
    }

    [Fact]
    public async Task A_student_creating_a_session_is_refused_creates_nothing_and_is_audited()
    {
        await using var db = _core.CreateDbContext();
        var formation = await db.Formations.FirstAsync(f => f.Kind == FormationKind.MachinePool);
        var before = await CloudStatesAsync();
        var request = new CreateSessionRequest { FormationId = formation.Id, Name = "student-lab", Count = 2, Size = formation.Size };

        var result = await _core.Provisioner.CreateAsync(request, TestViewers.Student(1), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal("Only instructors and admins can create sessions.", Assert.Single(result.Errors).Message);
        await AssertNothingChangedAsync(before);
        Assert.Null(_core.Monitor.FindSession("student-lab"));
        Assert.False(await db.Sessions.AnyAsync(s => s.Name == "student-lab"));
        var entry = await LastEntryAsync(TestViewers.Student(1).Name);
        Assert.Equal((AuditAction.CreateSession, (string?)null, ActionOutcome.Refused), (entry.Action, entry.SessionName, entry.Outcome));
    }

    [Fact]
    public async Task A_student_may_stop_and_start_their_own_machine_until_the_session_disallows_it()
    {
        var student = TestViewers.Student(1);
        var mine = PoolMachine(1);
        Assert.True((await _core.Commands.RunAsync(mine.Id, MachineAction.Stop, student)).Succeeded);
        Assert.Equal(MachineState.Deallocated, _core.Monitor.FindMachine(mine.Id)!.State);
        Assert.True((await _core.Commands.RunAsync(mine.Id, MachineAction.Start, student)).Succeeded);
        Assert.Equal(MachineState.Running, _core.Monitor.FindMachine(mine.Id)!.State);

        // The instructor turns it off (no UI for it yet): set in the database, read at start-up.
        await using (var db = _core.CreateDbContext())
            await db.Sessions.Where(s => s.Name == "python-workshop").ExecuteUpdateAsync(s => s.SetProperty(x => x.StudentsMayStartStop, false));
        var folder = await _core.StopKeepingDataAsync();
        _core = await CoreHost.StartAsync(folder);
        Assert.False(_core.Monitor.FindSession("python-workshop")!.StudentsMayStartStop);
        var before = await CloudStatesAsync();

        var stop = await _core.Commands.RunAsync(mine.Id, MachineAction.Stop, student);

        Assert.Equal(ActionOutcome.Refused, stop.Outcome);
        Assert.Equal("Your instructor manages starting and stopping in this session.", stop.Message);
        await AssertNothingChangedAsync(before);
        Assert.Equal(ActionOutcome.Refused, (await LastEntryAsync(student.Name)).Outcome);
        Assert.True((await _core.Commands.RunAsync(mine.Id, MachineAction.Connect, student)).Succeeded);
        Assert.True((await _core.Commands.RunAsync(mine.Id, MachineAction.Stop, TestViewers.Instructor)).Succeeded);
    }

    private MachineView PoolMachine(int number) =>
        _core.Monitor.FindSession("python-workshop")!.Machines.Single(m => m.Name == $"python-workshop-{number:00}");

    private async Task<Dictionary<string, MachineState>> CloudStatesAsync() =>
        (await _core.Cloud.ListAsync(CancellationToken.None)).ToDictionary(m => m.Name, m => m.State);

    /// <summary>The cloud lists the same machines in the same states, and the monitor shows no operation under way.</summary>
    private async Task AssertNothingChangedAsync(Dictionary<string, MachineState> before)
    {
        Assert.Equal(before, await CloudStatesAsync());
        Assert.All(_core.Monitor.Sessions.SelectMany(s => s.Machines), m => Assert.False(_core.Monitor.IsBusy(m.Id), m.Name));
    }

    private async Task<ActionLogEntry> LastEntryAsync(string actor)
    {
        await using var db = _core.CreateDbContext();
        return await db.ActionLog.Where(e => e.Actor == actor).OrderByDescending(e => e.Id).FirstAsync();
    }
}
