using Dashboard.Core.Actions;
using Dashboard.Core.ClassTime;
using Dashboard.Core.Domain;
using Dashboard.Core.Mail;
using Dashboard.Core.People;
using Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.ClassTime;

public sealed class QuotaHoursTests
{
    private const string Berlin = "Europe/Berlin";

    // Monday 22 March 2027, 13:00 in Berlin: after the morning class.
    private static readonly DateTimeOffset Afternoon = new(2027, 3, 22, 12, 0, 0, TimeSpan.Zero);

    private static readonly ClassTimeSettings MorningClassWithQuota = new()
    {
        Rules = [RuleSpec.Weekly(WeekDays.Weekdays, new TimeOnly(9, 0), new TimeOnly(12, 0), Berlin)],
        QuotaHoursPerStudent = 2,
    };

    [Fact]
    public async Task A_students_own_start_uses_their_hours_and_the_scheduled_class_does_not()
    {
        await using var host = await StartWithStoppedPoolAsync(Afternoon);
        var student = TestViewers.Student(1);
        var machine = MachineOf(host, student);

        Assert.True((await host.Core.Commands.RunAsync(machine.Id, MachineAction.Start, student)).Succeeded);
        await host.AdvanceAsync(TimeSpan.FromMinutes(45));

        Assert.Equal(1.25, Standing(host, student).LeftHours, 3);
        Assert.True((await host.Core.Commands.RunAsync(machine.Id, MachineAction.Stop, student)).Succeeded);
        await host.AdvanceAsync(TimeSpan.FromHours(1));
        Assert.Equal(1.25, Standing(host, student).LeftHours, 2);

        // Next morning the schedule starts the class: those hours are the school's, not the student's.
        await host.AdvanceAsync(new DateTimeOffset(2027, 3, 23, 8, 0, 0, TimeSpan.Zero) - host.Clock.GetUtcNow());
        Assert.Equal(MachineState.Running, host.Machine(machine.Id).State);
        await host.AdvanceAsync(TimeSpan.FromHours(2));
        Assert.Equal(1.25, Standing(host, student).LeftHours, 2);
    }

    [Fact]
    public async Task A_start_with_no_hours_left_is_refused_in_words_and_the_machine_stays_stopped()
    {
        await using var host = await StartWithStoppedPoolAsync(Afternoon, MorningClassWithQuota with { QuotaHoursPerStudent = 0 });
        var student = TestViewers.Student(1);
        var machine = MachineOf(host, student);

        var refused = await host.Core.Commands.RunAsync(machine.Id, MachineAction.Start, student);

        Assert.Equal(ActionOutcome.Refused, refused.Outcome);
        Assert.Contains("used all 0 hours of your quota", refused.Message);
        Assert.Equal(MachineState.Deallocated, host.Machine(machine.Id).State);
        // The instructor's start is class business: no quota stands in its way.
        Assert.True((await host.Core.Commands.RunAsync(machine.Id, MachineAction.Start, TestViewers.Instructor)).Succeeded);
    }

    [Fact]
    public async Task With_no_hours_left_a_student_still_starts_their_machine_during_class_time()
    {
        // Monday 22 March 2027, 10:00 in Berlin: in the morning class.
        await using var host = await StartWithStoppedPoolAsync(new DateTimeOffset(2027, 3, 22, 9, 0, 0, TimeSpan.Zero),
            MorningClassWithQuota with { QuotaHoursPerStudent = 0 });
        var student = TestViewers.Student(1);
        var machine = MachineOf(host, student);

        var started = await host.Core.Commands.RunAsync(machine.Id, MachineAction.Start, student);

        Assert.True(started.Succeeded, started.Message);
    }

    [Fact]
    public async Task When_the_hours_run_out_while_running_the_student_is_warned_and_the_machine_stops()
    {
        await using var host = await StartWithStoppedPoolAsync(Afternoon, MorningClassWithQuota with { QuotaHoursPerStudent = 1 });
        var student = TestViewers.Student(1);
        var machine = MachineOf(host, student);
        Assert.True((await host.Core.Commands.RunAsync(machine.Id, MachineAction.Start, student)).Succeeded);

        await host.AdvanceAsync(TimeSpan.FromMinutes(29));
        Assert.Null(host.CountdownOf(machine));
        await host.AdvanceAsync(TimeSpan.FromMinutes(1));
        var countdown = host.CountdownOf(machine)!;
        Assert.Equal(StopReason.Quota, countdown.Reason);
        Assert.False(countdown.CanBePostponed);
        Assert.Equal(ActionDenial.InvalidState, (await host.Commands.PostponeAsync(TestViewers.Instructor, host.Pool.Id, machine.Id, 30)).Denial);

        await host.AdvanceAsync(TimeSpan.FromMinutes(20));
        await host.AdvanceAsync(TimeSpan.FromMinutes(8));
        await host.AdvanceAsync(TimeSpan.FromMinutes(2));

        await Eventually.TrueAsync(() => host.Machine(machine.Id).State == MachineState.Deallocated, "the quota stop ran");
        Assert.Equal(0, Standing(host, student).LeftHours, 2);
        Assert.Equal(ActionOutcome.Refused, (await host.Core.Commands.RunAsync(machine.Id, MachineAction.Start, student)).Outcome);
    }

    [Fact]
    public async Task The_quota_warning_tells_the_student_of_their_own_hours_and_the_owner_to_grant_hours_not_to_postpone()
    {
        await using var host = await StartWithStoppedPoolAsync(Afternoon, MorningClassWithQuota with { QuotaHoursPerStudent = 1 });
        var student = TestViewers.Student(1);
        var machine = MachineOf(host, student);
        Assert.True((await host.Core.Commands.RunAsync(machine.Id, MachineAction.Start, student)).Succeeded);

        await host.AdvanceAsync(TimeSpan.FromMinutes(30));

        var outbox = host.Core.Services.GetRequiredService<MailOutbox>().Mails;
        var toStudent = Assert.Single(outbox, m => m.To == machine.AssignedUser);
        Assert.StartsWith("The end of your quota hours stops your machine", toStudent.Body, StringComparison.Ordinal);
        var toOwner = Assert.Single(outbox, m => m.To == host.Pool.Owner);
        Assert.DoesNotContain("You can postpone", toOwner.Body, StringComparison.Ordinal);
        Assert.Contains("more hours end it (grant hours in the Class time dialog)", toOwner.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extra_hours_granted_during_the_countdown_call_off_the_stop_and_instructors_see_usage_per_student()
    {
        await using var host = await StartWithStoppedPoolAsync(Afternoon, MorningClassWithQuota with { QuotaHoursPerStudent = 1 });
        var student = TestViewers.Student(1);
        var machine = MachineOf(host, student);
        Assert.True((await host.Core.Commands.RunAsync(machine.Id, MachineAction.Start, student)).Succeeded);
        await host.AdvanceAsync(TimeSpan.FromMinutes(40));
        Assert.NotNull(host.CountdownOf(machine));

        var granted = await host.Commands.GrantHoursAsync(TestViewers.Instructor, host.Pool.Id, machine.AssignedUserId, 2);

        Assert.True(granted.Succeeded, granted.Message);
        Assert.Null(host.CountdownOf(machine));
        var usage = host.Quota.UsageOf(host.Pool);
        Assert.Equal(12, usage.Count);
        var row = usage.Single(u => u.Email == student.Name);
        Assert.Equal(3, row.Standing.TotalHours);
        Assert.Equal(2.33, row.Standing.LeftHours, 2);
        Assert.True(row.Standing.Running);
        Assert.All(usage.Where(u => u.Email != student.Name), u => Assert.Equal(1, u.Standing.LeftHours));

        Assert.True((await host.Commands.GrantHoursAsync(TestViewers.Instructor, host.Pool.Id, null, 0.5)).Succeeded);
        Assert.All(host.Quota.UsageOf(host.Pool).Where(u => u.Email != student.Name), u => Assert.Equal(1.5, u.Standing.LeftHours));
    }

    [Fact]
    public async Task Hours_used_and_granted_survive_a_restart()
    {
        await using var host = await StartWithStoppedPoolAsync(Afternoon);
        var student = TestViewers.Student(1);
        var machine = MachineOf(host, student);
        Assert.True((await host.Core.Commands.RunAsync(machine.Id, MachineAction.Start, student)).Succeeded);
        await host.AdvanceAsync(TimeSpan.FromMinutes(30));
        Assert.True((await host.Commands.GrantHoursAsync(TestViewers.Instructor, host.Pool.Id, machine.AssignedUserId, 1)).Succeeded);

        await host.RestartAsync();
        await host.AdvanceAsync(TimeSpan.FromMinutes(30));

        // Two hours, one granted, one used: the run went on counting across the restart.
        Assert.Equal(2, Standing(host, student).LeftHours, 2);
    }

    [Fact]
    public async Task Only_the_owner_or_an_admin_grants_hours()
    {
        await using var host = await StartWithStoppedPoolAsync(Afternoon);

        foreach (var viewer in new[] { TestViewers.Student(1), TestViewers.Ops, TestViewers.OtherInstructor })
            Assert.Equal(ActionDenial.NotAllowed, (await host.Commands.GrantHoursAsync(viewer, host.Pool.Id, null, 10)).Denial);
        Assert.Contains("positive number", (await host.Commands.GrantHoursAsync(TestViewers.Instructor, host.Pool.Id, null, -3)).Message);

        await using var db = host.Core.CreateDbContext();
        Assert.Empty(await db.QuotaAccounts.Where(a => a.ExtraHours != 0).ToListAsync());
        Assert.Equal(4, await db.ActionLog.CountAsync(e => e.Action == AuditAction.GrantHours && e.Outcome == ActionOutcome.Refused));
    }

    private static async Task<ClassTimeHost> StartWithStoppedPoolAsync(DateTimeOffset now, ClassTimeSettings? settings = null)
    {
        var host = await ClassTimeHost.StartAsync(now);
        var stopped = await host.Core.Commands.RunBatchAsync(host.Pool.Id, BatchAction.StopAll, TestViewers.Instructor);
        Assert.Empty(stopped.Failed);
        var saved = await host.Commands.SaveSettingsAsync(TestViewers.Instructor, host.Pool.Id, settings ?? MorningClassWithQuota);
        Assert.True(saved.Succeeded, saved.Message);
        return host;
    }

    private static MachineView MachineOf(ClassTimeHost host, Viewer student) =>
        host.Pool.Machines.Single(m => m.AssignedUserId == student.UserId);

    private static QuotaStanding Standing(ClassTimeHost host, Viewer student) => host.Quota.StandingOf(host.Pool, student.UserId)!;
}
