using Dashboard.Core.ClassTime;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

[Trait("Category", "EndToEnd")]
[Collection(EndToEndCollection.Name)]
public sealed class CountdownJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    // Monday 22 March 2027, 11:35 in Berlin: 25 minutes before the morning class ends at 12:00.
    private static readonly DateTimeOffset Now = new(2027, 3, 22, 10, 35, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_student_sees_the_countdown_to_the_end_of_class_that_the_instructor_postpones_and_then_the_machine_stops()
    {
        var clock = new FakeTimeProvider(Now);
        await using var app = new DashboardAppFactory(new Dictionary<string, string?> { ["ClassTime:TickSeconds"] = "86400" })
        {
            TestServices = s => s.AddKeyedSingleton<TimeProvider>(ClassClock.Key, clock),
        };
        var url = app.StartOnKestrel();
        var scheduler = app.Services.GetRequiredService<ClassScheduler>();
        var pool = app.Services.GetRequiredService<Dashboard.Core.Live.SessionMonitor>();
        await pool.WhenLoaded;
        var saved = await app.Services.GetRequiredService<ClassTimeCommands>().SaveSettingsAsync(TestViewers.Instructor, pool.FindSession("python-workshop")!.Id,
            new ClassTimeSettings { Rules = [RuleSpec.Weekly(WeekDays.Weekdays, new TimeOnly(9, 0), new TimeOnly(12, 0), "Europe/Berlin")] });
        Assert.True(saved.Succeeded, saved.Message);

        await using var studentTest = await browser.StartTestAsync(url, test: "countdown-student");
        var student = await studentTest.Context.NewPageAsync();
        await student.GotoAsync("/my");
        await BrowserTest.SignInAsync(student, Dashboard.Core.Setup.DemoData.Student(3));
        var countdown = student.Locator("[data-countdown='python-workshop-03']");
        await Expect(countdown).ToContainTextAsync("stops python-workshop-03 at 12:00 Europe/Berlin (in 25 minutes)");

        await using var instructorTest = await browser.StartTestAsync(url, test: "countdown-instructor");
        var instructor = new SessionsPage(await instructorTest.OpenSessionsAsync());
        await Expect(instructor.Session("python-workshop").Locator("[data-countdown='session']")).ToContainTextAsync("stops 12 machines");
        await instructor.Session("python-workshop")
            .GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Postpone the stop of every machine of python-workshop by 30 minutes" })
            .ClickAsync();

        await Expect(countdown).ToContainTextAsync("at 12:30 Europe/Berlin (in 55 minutes)");
        await Expect(countdown).ToContainTextAsync("Postponed by instructor@demo.test");

        clock.Advance(TimeSpan.FromMinutes(55));
        await scheduler.TickAsync();

        await Expect(student.Locator("[data-machine='python-workshop-03'] [data-state='deallocated']")).ToBeVisibleAsync();
        await Expect(countdown).ToHaveCountAsync(0);
    }
}
