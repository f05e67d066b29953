using System.Text.RegularExpressions;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.Persistence;
using Dashboard.Core.Setup;
using Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

[Trait("Category", "EndToEnd")]
[Collection(EndToEndCollection.Name)]
public sealed partial class InvitationJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Newcomer = "ada.lovelace@example.org";

    [Fact]
    public async Task A_new_student_signs_up_through_an_invitation_and_reaches_only_their_own_machine()
    {
        await using var app = new DashboardAppFactory();
        var url = app.StartOnKestrel();

        // The instructor frees two machines (the demo students hold all twelve) and invites two people.
        await using var instructor = await browser.StartTestAsync(url, test: "Invitation_instructor");
        var sessions = new SessionsPage(await instructor.OpenSessionsAsync());
        await sessions.Header("python-workshop").GetByRole(AriaRole.Link, new() { Name = "People", Exact = true }).ClickAsync();
        var people = sessions.Page;
        var roster = people.Locator("[data-roster=\"python-workshop\"]");
        await Expect(roster.Locator("[data-machine]")).ToHaveCountAsync(12);
        foreach (var machine in new[] { "python-workshop-11", "python-workshop-12" })
        {
            var row = roster.Locator($"[data-machine=\"{machine}\"]");
            await SessionsPage.Button(row, "Unassign").ClickAsync();
            await Expect(row.Locator("[data-student]")).ToHaveAttributeAsync("data-student", "");
        }

        await people.Locator("[data-field=\"seats\"]").FillAsync("2");
        await SessionsPage.Button(people.Locator("[data-invitations]"), "Create invitation").ClickAsync();
        var linkField = people.Locator("[data-invite-link]");
        await Expect(linkField).ToHaveValueAsync(InvitationLink());
        var link = await linkField.InputValueAsync();

        // A newcomer opens the link in another browser, signs up, and lands on their home page.
        await using var newcomer = await browser.StartTestAsync(url, test: "Invitation_newcomer");
        var page = await newcomer.Context.NewPageAsync();
        await page.GotoAsync(link);
        await Expect(page.Locator("[data-seats-left]")).ToHaveTextAsync("2");
        await page.Locator("#email").FillAsync(Newcomer);
        await page.Locator("#password").FillAsync("Analytical-Engine-1843");
        await page.Locator("#confirm").FillAsync("Analytical-Engine-1843");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.Screenshot("InvitationJourney-invite.png") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up and claim a machine" }).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/my");

        await Expect(page.Locator("[data-machine]")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-machine=\"python-workshop-11\"] [data-state=\"running\"]")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.Screenshot("InvitationJourney-my.png") });

        // Connect on their own machine shows how to reach it.
        await page.Locator("[data-machine=\"python-workshop-11\"]").GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();
        await Expect(page.Locator("[data-connect=\"ssh\"] input").First).ToHaveValueAsync(new Regex("^ssh \\S+@python-workshop-11\\."));

        // Another machine is out of reach by URL: its page shows nothing, its connection details are refused.
        var monitor = app.Services.GetRequiredService<SessionMonitor>();
        var own = monitor.FindSession("python-workshop")!.Machines.Single(m => m.Name == "python-workshop-11");
        var other = monitor.FindSession("python-workshop")!.Machines.Single(m => m.Name == "python-workshop-01");
        await page.GotoAsync("/machines/python-workshop-01");
        await Expect(page.GetByText("There is no machine named python-workshop-01.")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-connect]")).ToHaveCountAsync(0);
        var refused = await page.APIRequest.GetAsync($"/api/machines/{other.Id}/connection");
        Assert.Equal(403, refused.Status);
        var allowed = await page.APIRequest.GetAsync($"/api/machines/{own.Id}/connection");
        Assert.Equal(200, allowed.Status);

        // The instructor's page shows the new holder and the seat used, live.
        await Expect(roster.Locator("[data-machine=\"python-workshop-11\"] [data-student]")).ToHaveAttributeAsync("data-student", Newcomer);
        await Expect(people.Locator("[data-invitations] [data-seats]")).ToHaveAttributeAsync("data-seats", "1/2");

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var log = await db.ActionLog.AsNoTracking().Where(e => e.Action == AuditAction.CreateInvitation || e.Action == AuditAction.SignUp || e.Action == AuditAction.ClaimSeat)
            .OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(
            [
                ("CreateInvitation", DemoData.Instructor, (string?)null, ActionOutcome.Succeeded),
                ("SignUp", Newcomer, null, ActionOutcome.Succeeded),
                ("ClaimSeat", Newcomer, "python-workshop-11", ActionOutcome.Succeeded),
            ],
            log.Select(e => (e.Action.ToString(), e.Actor, e.MachineName, e.Outcome)));
        Assert.All(log, e => Assert.Equal("python-workshop", e.SessionName));
        var connects = await db.ActionLog.AsNoTracking().Where(e => e.Action == AuditAction.Connect && e.Actor == Newcomer).ToListAsync();
        Assert.Contains(connects, e => e.MachineName == "python-workshop-11" && e.Outcome == ActionOutcome.Succeeded);
        Assert.Contains(connects, e => e.MachineName == "python-workshop-01" && e.Outcome == ActionOutcome.Refused);
    }

    [GeneratedRegex("/invite/[A-Za-z0-9_-]{43}$")]
    private static partial Regex InvitationLink();
}
