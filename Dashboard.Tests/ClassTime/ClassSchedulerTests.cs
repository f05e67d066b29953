using Dashboard.Core.Actions;
using Dashboard.Core.ClassTime;
using Dashboard.Core.Cloud.Simulated;
using Dashboard.Core.Domain;
using Dashboard.Core.Mail;
using Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.ClassTime;

public sealed class ClassSchedulerTests
{
    private const string Berlin = "Europe/Berlin";

    // Monday 22 March 2027, 08:00 in Berlin (CET, UTC+1).
    private static readonly DateTimeOffset MondayMorning = new(2027, 3, 22, 7, 0, 0, TimeSpan.Zero);

    // Class ends at 12:00 in Berlin, 11:00 UTC; an hour before it, the tests that watch the end begin.
    private static readonly DateTimeOffset ClassEnds = MondayMorning.AddHours(4);
    private static readonly DateTimeOffset HourBeforeEnd = ClassEnds.AddHours(-1);

    private static readonly ClassTimeSettings MorningClass = new()
    {
        Rules = [RuleSpec.Weekly(WeekDays.Weekdays, new TimeOnly(9, 0), new TimeOnly(12, 0), Berlin)],
    };

    [Fact]
    public async Task The_class_starts_at_9_by_itself_and_the_run_is_audited()
    {
        await using var host = await ClassTimeHost.StartAsync(MondayMorning);
        await StopAllAsync(host);
        await SaveAsync(host, MorningClass);

        await host.AdvanceAsync(TimeSpan.FromMinutes(59));
        Assert.All(host.Pool.Machines, m => Assert.Equal(MachineState.Deallocated, m.State));

        await host.AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.All(host.Pool.Machines, m => Assert.Equal(MachineState.Running, m.State));
        await using var db = host.Core.CreateDbContext();
        var run = await db.ActionLog.SingleAsync(e => e.Action == AuditAction.ScheduledStart);
        Assert.Equal(ActionOutcome.Succeeded, run.Outcome);
        Assert.Contains("09:00 Europe/Berlin", run.Error);
        Assert.Contains("12 started", run.Error);
    }

    [Fact]
    public async Task Before_the_scheduled_stop_everyone_sees_a_countdown_at_30_10_and_2_minutes_and_students_are_mailed_each_time()
    {
        await using var host = await ClassTimeHost.StartAsync(HourBeforeEnd);
        await SaveAsync(host, MorningClass);
        var machine = host.Pool.Machines[0];

        await host.AdvanceAsync(TimeSpan.FromMinutes(29));
        Assert.Null(host.CountdownOf(machine));

        await host.AdvanceAsync(TimeSpan.FromMinutes(1));
        var countdown = host.CountdownOf(machine)!;
        Assert.Equal(StopReason.Schedule, countdown.Reason);
        Assert.Equal(ClassEnds, countdown.DueAt);
        Assert.Equal(12, host.Pool.ClassTime.Countdowns.Length);

        await host.AdvanceAsync(TimeSpan.FromMinutes(20));
        await host.AdvanceAsync(TimeSpan.FromMinutes(8));
        var mails = MailsTo(host, machine.AssignedUser!);
        Assert.Equal(3, mails.Count);
        Assert.All(mails, m => Assert.Contains("stops at 12:00 Europe/Berlin", m.Subject));
        Assert.Contains(mails, m => m.Subject.Contains("in 2 minutes", StringComparison.Ordinal));
        Assert.Equal(3, MailsTo(host, host.Pool.Owner).Count);

        await host.AdvanceAsync(TimeSpan.FromMinutes(2));

        await Eventually.TrueAsync(() => host.Pool.Machines.All(m => m.State == MachineState.Deallocated), "the class schedule stopped every machine");
        Assert.Empty(host.Pool.ClassTime.Countdowns);
        await using var db = host.Core.CreateDbContext();
        var run = await db.ActionLog.SingleAsync(e => e.Action == AuditAction.ScheduledStop);
        Assert.Equal(ActionOutcome.Succeeded, run.Outcome);
        Assert.Contains("12 stopped", run.Error);
    }

    [Fact]
    public async Task The_instructor_postpones_the_stop_by_30_minutes_and_the_machines_stop_then_not_before()
    {
        await using var host = await ClassTimeHost.StartAsync(HourBeforeEnd);
        await SaveAsync(host, MorningClass);
        await host.AdvanceAsync(TimeSpan.FromMinutes(50));

        var result = await host.Commands.PostponeAsync(TestViewers.Instructor, host.Pool.Id, null, 30);

        Assert.True(result.Succeeded, result.Message);
        Assert.All(host.Pool.ClassTime.Countdowns, c => Assert.Equal(ClassEnds.AddMinutes(30), c.DueAt));
        Assert.All(host.Pool.ClassTime.Countdowns, c => Assert.Equal(TestViewers.Instructor.Name, c.ChangedBy));
        await host.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.All(host.Pool.Machines, m => Assert.Equal(MachineState.Running, m.State));
        await host.AdvanceAsync(TimeSpan.FromMinutes(30));
        await Eventually.TrueAsync(() => host.Pool.Machines.All(m => m.State == MachineState.Deallocated), "the postponed stop ran");
        await using var db = host.Core.CreateDbContext();
        Assert.Equal(1, await db.ActionLog.CountAsync(e => e.Action == AuditAction.PostponeStop && e.Outcome == ActionOutcome.Succeeded));
    }

    [Fact]
    public async Task A_skipped_stop_leaves_the_machines_running()
    {
        await using var host = await ClassTimeHost.StartAsync(HourBeforeEnd);
        await SaveAsync(host, MorningClass);
        await host.AdvanceAsync(TimeSpan.FromMinutes(45));

        Assert.True((await host.Commands.SkipAsync(TestViewers.Instructor, host.Pool.Id, null)).Succeeded);

        Assert.Empty(host.Pool.ClassTime.Countdowns);
        await host.AdvanceAsync(TimeSpan.FromMinutes(20));
        await host.AdvanceAsync(TimeSpan.FromMinutes(20));
        Assert.All(host.Pool.Machines, m => Assert.Equal(MachineState.Running, m.State));
        await using var db = host.Core.CreateDbContext();
        Assert.False(await db.ActionLog.AnyAsync(e => e.Action == AuditAction.ScheduledStop));
    }

    [Fact]
    public async Task A_restart_in_the_middle_of_a_countdown_keeps_the_postponed_time_and_gives_no_warning_twice()
    {
        await using var host = await ClassTimeHost.StartAsync(HourBeforeEnd);
        await SaveAsync(host, MorningClass);
        var machine = host.Pool.Machines[0];
        await host.AdvanceAsync(TimeSpan.FromMinutes(35));
        Assert.True((await host.Commands.PostponeAsync(TestViewers.Instructor, host.Pool.Id, null, 30)).Succeeded);
        await host.AdvanceAsync(TimeSpan.FromMinutes(26));
        Assert.Equal(2, MailsTo(host, machine.AssignedUser!).Count);

        await host.RestartAsync();
        await host.AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(ClassEnds.AddMinutes(30), host.CountdownOf(machine)!.DueAt);
        // A new host starts with an empty outbox: the 30-minute warning given before the restart is not given again.
        Assert.Empty(MailsTo(host, machine.AssignedUser!));
        await host.AdvanceAsync(TimeSpan.FromMinutes(18));
        Assert.Single(MailsTo(host, machine.AssignedUser!));
        await host.AdvanceAsync(TimeSpan.FromMinutes(10));
        await Eventually.TrueAsync(() => host.Pool.Machines.All(m => m.State == MachineState.Deallocated), "the stop ran at the postponed time after the restart");
    }

    [Fact]
    public async Task The_stop_follows_Berlin_time_across_the_change_to_summer_time()
    {
        // Friday 26 March 2027, 10:31 UTC: 11:31 in Berlin. Clocks go forward on Sunday.
        var friday = new DateTimeOffset(2027, 3, 26, 10, 31, 0, TimeSpan.Zero);
        await using var host = await ClassTimeHost.StartAsync(friday);
        await SaveAsync(host, new ClassTimeSettings { Rules = [RuleSpec.Weekly(WeekDays.Weekdays, null, new TimeOnly(12, 0), Berlin)] });
        var machine = host.Pool.Machines[0];
        Assert.Equal(new DateTimeOffset(2027, 3, 26, 11, 0, 0, TimeSpan.Zero), host.CountdownOf(machine)!.DueAt);

        await host.AdvanceAsync(TimeSpan.FromMinutes(29));
        await Eventually.TrueAsync(() => host.Machine(machine.Id).State == MachineState.Deallocated, "Friday's stop ran at 11:00 UTC");
        Assert.True((await host.Core.Commands.RunAsync(machine.Id, MachineAction.Start, TestViewers.Instructor)).Succeeded);

        // Monday 29 March, 09:31 UTC is 11:31 in Berlin (CEST): the stop comes at 10:00 UTC.
        await host.AdvanceAsync(new DateTimeOffset(2027, 3, 29, 9, 31, 0, TimeSpan.Zero) - host.Clock.GetUtcNow());

        Assert.Equal(new DateTimeOffset(2027, 3, 29, 10, 0, 0, TimeSpan.Zero), host.CountdownOf(machine)!.DueAt);
    }

    [Fact]
    public async Task A_scheduled_start_that_the_cloud_refuses_says_so_on_the_session_until_a_run_succeeds()
    {
        await using var host = await ClassTimeHost.StartAsync(MondayMorning, new Dictionary<string, string?> { ["Simulator:FailOperations:0"] = "Start" });
        await StopAllAsync(host);
        await SaveAsync(host, MorningClass);

        await host.AdvanceAsync(TimeSpan.FromHours(1));

        var problem = host.Pool.ClassTime.Problem;
        Assert.NotNull(problem);
        Assert.Contains("Scheduled start", problem);
        Assert.Contains("failed for 12 machine(s)", problem);
        await using var db = host.Core.CreateDbContext();
        Assert.Equal(problem, (await db.Sessions.SingleAsync(s => s.Id == host.Pool.Id)).ScheduleProblem);
        Assert.Equal(ActionOutcome.Failed, (await db.ActionLog.SingleAsync(e => e.Action == AuditAction.ScheduledStart)).Outcome);
    }

    [Fact]
    public async Task A_scheduled_stop_the_cloud_fails_is_tried_again_at_the_next_ticks_and_says_so_until_one_succeeds()
    {
        await using var host = await StartWithFailingStopsAsync();

        Assert.Contains("failed for 12 machine(s) (try 1 of 5; trying again at the next tick)", host.Pool.ClassTime.Problem);
        Assert.All(host.Pool.Machines, m => Assert.Equal(MachineState.Running, m.State));
        await host.AdvanceAsync(TimeSpan.FromSeconds(15));
        Assert.Contains("(try 2 of 5;", host.Pool.ClassTime.Problem);

        host.Core.Services.GetRequiredService<IOptions<SimulatedCloudOptions>>().Value.FailOperations.Clear();
        await host.AdvanceAsync(TimeSpan.FromSeconds(15));

        await Eventually.TrueAsync(() => host.Pool.Machines.All(m => m.State == MachineState.Deallocated), "the third try stopped every machine");
        Assert.Null(host.Pool.ClassTime.Problem);
        await using var db = host.Core.CreateDbContext();
        var outcomes = await db.ActionLog.Where(e => e.Action == AuditAction.ScheduledStop).OrderBy(e => e.Id).Select(e => e.Outcome).ToListAsync();
        Assert.Equal([ActionOutcome.Failed, ActionOutcome.Failed, ActionOutcome.Succeeded], outcomes);
    }

    [Fact]
    public async Task A_stop_that_keeps_failing_is_tried_five_times_and_then_left_to_people()
    {
        await using var host = await StartWithFailingStopsAsync();

        for (var tick = 0; tick < 8; tick++)
            await host.AdvanceAsync(TimeSpan.FromSeconds(15));

        await using var db = host.Core.CreateDbContext();
        Assert.Equal(ScheduledRuns.MaxStopTries, await db.ActionLog.CountAsync(e => e.Action == AuditAction.ScheduledStop));
        Assert.Contains("(gave up after 5 tries: stop the machines by hand)", host.Pool.ClassTime.Problem);
        Assert.All(host.Pool.Machines, m => Assert.Equal(MachineState.Running, m.State));
    }

    [Fact]
    public async Task A_machine_running_longer_than_the_limit_is_warned_and_stopped()
    {
        await using var host = await ClassTimeHost.StartAsync(DateTimeOffset.UtcNow);
        var machine = host.Pool.Machines[0];
        var limit = (host.Clock.GetUtcNow() - machine.StateSince).TotalHours + 0.25;
        await SaveAsync(host, new ClassTimeSettings { AutoStopAfterHours = limit });

        var countdown = host.CountdownOf(machine)!;
        Assert.Equal(StopReason.AutoStop, countdown.Reason);
        await host.AdvanceAsync(TimeSpan.FromMinutes(16));

        await Eventually.TrueAsync(() => host.Machine(machine.Id).State == MachineState.Deallocated, "the running-time limit stopped the machine");
    }

    [Fact]
    public async Task Nobody_but_the_owner_or_an_admin_sets_the_schedule_and_a_broken_rule_is_refused_in_words()
    {
        await using var host = await ClassTimeHost.StartAsync(MondayMorning);

        foreach (var viewer in new[] { TestViewers.Student(1), TestViewers.Ops, TestViewers.OtherInstructor })
        {
            var refused = await host.Commands.SaveSettingsAsync(viewer, host.Pool.Id, MorningClass);
            Assert.Equal(ActionDenial.NotAllowed, refused.Denial);
        }

        var broken = await host.Commands.SaveSettingsAsync(TestViewers.Instructor, host.Pool.Id,
            new ClassTimeSettings { Rules = [RuleSpec.Weekly(WeekDays.Monday, new TimeOnly(9, 0), null, "Nowhere/City")] });
        Assert.Contains("'Nowhere/City' is not a time zone", broken.Message);
        Assert.True(host.Pool.ClassTime.Settings.Rules.IsEmpty);
        await using var db = host.Core.CreateDbContext();
        Assert.Empty(await db.ScheduleRules.ToListAsync());
    }

    [Fact]
    public async Task A_student_postpones_their_own_machine_only_where_the_session_allows_it()
    {
        await using var host = await ClassTimeHost.StartAsync(HourBeforeEnd);
        await SaveAsync(host, MorningClass);
        await host.AdvanceAsync(TimeSpan.FromMinutes(45));
        var mine = host.Pool.Machines.Single(m => m.AssignedUser == TestViewers.Student(1).Name);
        var theirs = host.Pool.Machines.Single(m => m.AssignedUser == TestViewers.Student(2).Name);

        var notAllowed = await host.Commands.PostponeAsync(TestViewers.Student(1), host.Pool.Id, mine.Id, 30);
        Assert.Equal(ActionDenial.NotAllowed, notAllowed.Denial);
        await SaveAsync(host, MorningClass with { StudentsMayPostpone = true });
        Assert.Equal(ActionDenial.NotAllowed, (await host.Commands.PostponeAsync(TestViewers.Student(1), host.Pool.Id, theirs.Id, 30)).Denial);
        Assert.Equal(ActionDenial.NotAllowed, (await host.Commands.PostponeAsync(TestViewers.Student(1), host.Pool.Id, null, 30)).Denial);
        Assert.Contains("30 or 60", (await host.Commands.PostponeAsync(TestViewers.Student(1), host.Pool.Id, mine.Id, 600)).Message);

        Assert.True((await host.Commands.PostponeAsync(TestViewers.Student(1), host.Pool.Id, mine.Id, 60)).Succeeded);

        // The postponed countdown goes on showing, with its new time and who moved it.
        Assert.Equal(ClassEnds.AddHours(1), host.CountdownOf(mine)!.DueAt);
        Assert.Equal(TestViewers.Student(1).Name, host.CountdownOf(mine)!.ChangedBy);
        Assert.Equal(ClassEnds, host.CountdownOf(theirs)!.DueAt);
        await host.AdvanceAsync(TimeSpan.FromMinutes(20));
        Assert.Equal(MachineState.Running, host.Machine(mine.Id).State);
        await Eventually.TrueAsync(() => host.Machine(theirs.Id).State == MachineState.Deallocated, "the other machines stopped on time");
    }

    [Fact]
    public async Task Removing_or_moving_the_stop_during_its_countdown_calls_the_old_stop_off()
    {
        await using var host = await ClassTimeHost.StartAsync(HourBeforeEnd);
        await SaveAsync(host, MorningClass);
        await host.AdvanceAsync(TimeSpan.FromMinutes(30));
        Assert.Equal(12, host.Pool.ClassTime.Countdowns.Length);

        // Class runs an hour longer today: the 12:00 stop goes, the 13:00 one counts down when its time comes.
        await SaveAsync(host, new ClassTimeSettings { Rules = [RuleSpec.Weekly(WeekDays.Weekdays, new TimeOnly(9, 0), new TimeOnly(13, 0), Berlin)] });
        Assert.Empty(host.Pool.ClassTime.Countdowns);
        await host.AdvanceAsync(TimeSpan.FromMinutes(31));
        Assert.All(host.Pool.Machines, m => Assert.Equal(MachineState.Running, m.State));
        await host.AdvanceAsync(TimeSpan.FromMinutes(30));
        Assert.All(host.Pool.ClassTime.Countdowns, c => Assert.Equal(ClassEnds.AddHours(1), c.DueAt));
        Assert.Equal(12, host.Pool.ClassTime.Countdowns.Length);

        // No schedule at all: nothing stops.
        await SaveAsync(host, ClassTimeSettings.None);
        await host.AdvanceAsync(TimeSpan.FromMinutes(31));
        Assert.Empty(host.Pool.ClassTime.Countdowns);
        Assert.All(host.Pool.Machines, m => Assert.Equal(MachineState.Running, m.State));
        await using var db = host.Core.CreateDbContext();
        Assert.False(await db.ActionLog.AnyAsync(e => e.Action == AuditAction.ScheduledStop));
    }

    private static async Task SaveAsync(ClassTimeHost host, ClassTimeSettings settings)
    {
        var saved = await host.Commands.SaveSettingsAsync(TestViewers.Instructor, host.Pool.Id, settings);
        Assert.True(saved.Succeeded, saved.Message);
    }

    // The morning class with a cloud that fails every stop, at the moment its scheduled stop first failed.
    private static async Task<ClassTimeHost> StartWithFailingStopsAsync()
    {
        var host = await ClassTimeHost.StartAsync(HourBeforeEnd, new Dictionary<string, string?> { ["Simulator:FailOperations:0"] = "Stop" });
        await SaveAsync(host, MorningClass);
        await host.AdvanceAsync(TimeSpan.FromMinutes(30));
        await host.AdvanceAsync(TimeSpan.FromMinutes(30));
        return host;
    }

    private static async Task StopAllAsync(ClassTimeHost host)
    {
        var stopped = await host.Core.Commands.RunBatchAsync(host.Pool.Id, BatchAction.StopAll, TestViewers.Instructor);
        Assert.Empty(stopped.Failed);
    }

    private static List<OutboxMail> MailsTo(ClassTimeHost host, string to) =>
        [.. host.Core.Services.GetRequiredService<MailOutbox>().Mails.Where(m => m.To == to)];
}
