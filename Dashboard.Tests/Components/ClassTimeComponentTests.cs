using System.Collections.Immutable;
using Bunit;
using Dashboard.Components.ClassTime;
using Dashboard.Components.Pages;
using Dashboard.Components.People;
using Dashboard.Core.ClassTime;
using Dashboard.Core.Domain;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Components;

/// <summary>Countdowns, postpone and skip, and the class-time dialog, as the pages render them on a fake class clock.</summary>
public sealed class ClassTimeComponentTests : DashboardComponentTest
{
    private const string Pool = "[data-session='python-workshop']";

    // Monday 22 March 2027, 11:35 in Berlin: 25 minutes before the morning class ends.
    private static readonly DateTimeOffset Now = new(2027, 3, 22, 10, 35, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ClassEnds = new(2027, 3, 22, 11, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Now);

    protected override IDictionary<string, string?> CoreSettings => new Dictionary<string, string?> { ["ClassTime:TickSeconds"] = "86400" };

    protected override Action<IServiceCollection> CoreReplacing => s => s.AddKeyedSingleton<TimeProvider>(ClassClock.Key, _clock);

    private ClassTimeCommands Commands => Core.Services.GetRequiredService<ClassTimeCommands>();

    [Fact]
    public async Task The_instructor_sees_the_sessions_countdown_and_postpones_it_and_the_new_time_shows()
    {
        await ScheduleMorningClassAsync();
        var page = Render<Sessions>();

        var banner = page.Find($"{Pool} [data-countdown='session']");
        Assert.Contains("stops 12 machines of python-workshop, the first at 12:00 Europe/Berlin (in 25 minutes)", banner.TextContent);

        await FinishesAsync(Button(page, "Postpone the stop of every machine of python-workshop by 30 minutes", Pool).ClickAsync(new()), "postponing");

        await page.WaitForAssertionAsync(() =>
        {
            var moved = page.Find($"{Pool} [data-countdown='session']");
            Assert.Equal(ClassEnds.AddMinutes(30).ToString("O"), moved.GetAttribute("data-due"));
            Assert.Contains("12:30 Europe/Berlin (in 55 minutes)", moved.TextContent);
            Assert.Contains("Postponed by instructor@demo.test", moved.TextContent);
        }, Patience);
    }

    [Fact]
    public async Task A_quota_stop_first_leaves_the_instructor_the_sessions_postpone_for_the_other_machines()
    {
        await ScheduleMorningClassAsync();
        var pool = Session("python-workshop");
        var quotaFirst = new Countdown(Machine("python-workshop-03").Id, StopReason.Quota, ClassEnds.AddMinutes(-10), null);
        // Rendered from a copy: the scheduler's own tick would replace a quota stop it did not plan.
        var summary = Render<StopCountdown>(p => p
            .Add(c => c.Session, WithCountdowns(pool, [quotaFirst, .. pool.ClassTime.Countdowns.Where(c => c.MachineId != quotaFirst.MachineId)]))
            .Add(c => c.Viewer, TestViewers.Instructor));

        var banner = summary.Find("[data-countdown='session']");
        Assert.Contains("The end of the student's quota hours and the class schedule stop 12 machines of python-workshop, " +
            "the first at 11:50 Europe/Berlin (in 15 minutes)", banner.TextContent);
        Assert.Single(summary.FindAll("button[aria-label='Skip this stop of every machine of python-workshop']"));

        await FinishesAsync(summary.Find("button[aria-label='Postpone the stop of every machine of python-workshop by 30 minutes']").ClickAsync(new()), "postponing");

        // The server moved the schedule's stops; a quota stop it would have left alone.
        Assert.All(Session("python-workshop").ClassTime.Countdowns, c => Assert.Equal(ClassEnds.AddMinutes(30), c.DueAt));
    }

    [Fact]
    public async Task A_student_sees_their_machines_countdown_and_may_postpone_only_where_the_session_allows()
    {
        await ScheduleMorningClassAsync();
        var student = TestViewers.Student(3);
        SignIn(student);
        var page = Render<MyMachines>();

        var banner = page.Find("[data-countdown='python-workshop-03']");
        Assert.Contains("stops python-workshop-03 at 12:00 Europe/Berlin (in 25 minutes). Save your work.", banner.TextContent);
        Assert.Empty(page.FindAll("button[aria-label^='Postpone']"));

        await Commands.SaveSettingsAsync(TestViewers.Instructor, Session("python-workshop").Id, MorningClass with { StudentsMayPostpone = true });

        await page.WaitForAssertionAsync(() => Assert.Single(page.FindAll("button[aria-label='Skip this stop of python-workshop-03']")), Patience);
        await FinishesAsync(Button(page, "Skip this stop of python-workshop-03").ClickAsync(new()), "skipping");
        await page.WaitForAssertionAsync(() => Assert.Empty(page.FindAll("[data-countdown]")), Patience);
        Assert.NotNull(Session("python-workshop").ClassTime.CountdownFor(Machine("python-workshop-04").Id));
    }

    [Fact]
    public void A_student_reads_of_their_own_quota_hours_on_their_card()
    {
        var machine = Machine("python-workshop-03");
        var session = WithCountdowns(Session("python-workshop"), [new Countdown(machine.Id, StopReason.Quota, ClassEnds, null)]);

        var card = Render<StopCountdown>(p => p.Add(c => c.Session, session).Add(c => c.Machine, machine).Add(c => c.Viewer, TestViewers.Student(3)));

        Assert.StartsWith("The end of your quota hours stops python-workshop-03", card.Find("[data-countdown='python-workshop-03']").TextContent.Trim(),
            StringComparison.Ordinal);
        Assert.Empty(card.FindAll("button"));
    }

    [Fact]
    public async Task The_class_time_dialog_saves_a_weekly_rule_and_refuses_an_unknown_time_zone_in_words()
    {
        var page = Render<Sessions>();

        await FinishesAsync(Button(page, "Class time", Pool).ClickAsync(new()), "opening class time");
        await Dialogs.WaitForAssertionAsync(() => Dialogs.Find("[data-note='no-rules']"), Patience);
        await FinishesAsync(Button(Dialogs, "Add weekly rule").ClickAsync(new()), "adding a rule");
        var zone = Dialogs.FindAll("[data-rule='0'] input").Last();
        await zone.InputAsync(new() { Value = "Mars/Olympus" });
        await FinishesAsync(Button(Dialogs, "Save class time").ClickAsync(new()), "saving");

        await Dialogs.WaitForAssertionAsync(() => Assert.Contains("Rule 1: 'Mars/Olympus' is not a time zone", Dialogs.Find("[data-problem]").TextContent), Patience);
        Assert.True(Session("python-workshop").ClassTime.Settings.Rules.IsEmpty);

        await Dialogs.FindAll("[data-rule='0'] input").Last().InputAsync(new() { Value = "Europe/Berlin" });
        await FinishesAsync(Button(Dialogs, "Save class time").ClickAsync(new()), "saving again");

        await Dialogs.WaitForAssertionAsync(() => Assert.Empty(Dialogs.FindAll("[data-rule]")), Patience);
        var rule = Assert.Single(Session("python-workshop").ClassTime.Settings.Rules);
        Assert.Equal(RuleSpec.Weekly(WeekDays.Weekdays, new TimeOnly(9, 0), new TimeOnly(17, 0), "Europe/Berlin"), rule);
    }

    [Fact]
    public async Task A_failed_scheduled_run_shows_on_the_session_card()
    {
        var page = Render<Sessions>();
        Core.Monitor.ShowScheduleProblem(Session("python-workshop").Id, "Scheduled start at 09:00 Europe/Berlin failed for 3 machine(s): capacity.");

        await page.WaitForAssertionAsync(() =>
            Assert.Contains("failed for 3 machine(s): capacity", page.Find($"{Pool} [data-schedule-problem]").TextContent), Patience);
    }

    private static readonly ClassTimeSettings MorningClass = new()
    {
        Rules = [RuleSpec.Weekly(WeekDays.Weekdays, new TimeOnly(9, 0), new TimeOnly(12, 0), "Europe/Berlin")],
    };

    private static SessionView WithCountdowns(SessionView session, ImmutableArray<Countdown> countdowns) =>
        session with { ClassTime = session.ClassTime with { Countdowns = countdowns } };

    private async Task ScheduleMorningClassAsync()
    {
        var saved = await Commands.SaveSettingsAsync(TestViewers.Instructor, Session("python-workshop").Id, MorningClass);
        Assert.True(saved.Succeeded, saved.Message);
        Assert.Equal(12, Session("python-workshop").ClassTime.Countdowns.Length);
    }
}
