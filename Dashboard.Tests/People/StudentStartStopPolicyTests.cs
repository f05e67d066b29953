using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.People;

public sealed class StudentStartStopPolicyTests
{
    [Fact]
    public async Task When_the_instructor_withdraws_start_and_stop_a_student_can_still_connect_but_not_stop()
    {
        await using var core = await CoreHost.StartAsync();
        var roster = core.Services.GetRequiredService<Roster>();
        var pool = core.Monitor.FindSession("python-workshop")!;
        var mine = pool.Machines.Single(m => m.AssignedUser == "student03@demo.test");

        var set = await roster.SetStudentsMayStartStopAsync(TestViewers.Instructor, pool.Id, allowed: false);
        var stop = await core.Commands.RunAsync(mine.Id, MachineAction.Stop, TestViewers.Student(3));
        var connect = await core.Commands.RunAsync(mine.Id, MachineAction.Connect, TestViewers.Student(3));

        Assert.True(set.Succeeded, set.Message);
        Assert.False(core.Monitor.FindSession("python-workshop")!.StudentsMayStartStop);
        Assert.Equal(ActionOutcome.Refused, stop.Outcome);
        Assert.Equal(MachineState.Running, core.Monitor.FindMachine(mine.Id)!.State);
        Assert.True(connect.Succeeded, connect.Message);
        await core.Monitor.FlushWritesAsync();
        await using var db = core.CreateDbContext();
        Assert.False((await db.Sessions.SingleAsync(s => s.Id == pool.Id)).StudentsMayStartStop);
    }

    [Fact]
    public async Task Only_whoever_manages_the_pool_may_change_it_and_a_refusal_is_audited()
    {
        await using var core = await CoreHost.StartAsync();
        var roster = core.Services.GetRequiredService<Roster>();
        var pool = core.Monitor.FindSession("python-workshop")!;

        foreach (var viewer in new[] { TestViewers.Student(3), TestViewers.Ops, TestViewers.OtherInstructor })
            Assert.Equal(ActionOutcome.Refused, (await roster.SetStudentsMayStartStopAsync(viewer, pool.Id, allowed: false)).Outcome);

        Assert.True(core.Monitor.FindSession("python-workshop")!.StudentsMayStartStop);
        await using var db = core.CreateDbContext();
        Assert.Equal(3, await db.ActionLog.CountAsync(e => e.Action == AuditAction.StudentStartStop && e.Outcome == ActionOutcome.Refused));
    }
}
