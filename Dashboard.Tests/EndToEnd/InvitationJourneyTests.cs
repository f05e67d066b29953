using System.Text.RegularExpressions;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.Persistence;
using Dashboard.Core.Setup;
using Dashboard.Tests.Mail;
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
    private const string Alice = "alice@example.org";

    [Fact]
    public async Task Students_prove_their_address_by_mailed_links_and_reach_only_their_own_machine_while_an_attacker_gets_nothing()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        // No Email:PublicUrl: links in the mails lead to the address the server listens on.
        await using var app = new DashboardAppFactory(smtp.Settings);
        var url = app.StartOnKestrel();

        // The instructor frees two machines (the demo students hold all twelve), sets one aside for Alice, and invites.
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

        var alicesRow = roster.Locator("[data-machine=\"python-workshop-12\"]");
        await alicesRow.GetByLabel("Student e-mail for python-workshop-12").FillAsync(Alice);
        await SessionsPage.Button(alicesRow, "Assign").ClickAsync();
        await Expect(alicesRow.Locator("[data-pending]")).ToHaveCountAsync(1);

        await people.Locator("[data-field=\"seats\"]").FillAsync("2");
        await SessionsPage.Button(people.Locator("[data-invitations]"), "Create invitation").ClickAsync();
        var linkField = people.Locator("[data-invite-link]");
        await Expect(linkField).ToHaveValueAsync(InvitationLink());
        var link = await linkField.InputValueAsync();

        // Someone with the open link types Alice's address: the page only says a mail went out, and signs nobody in.
        await using var attacker = await browser.StartTestAsync(url, test: "Invitation_attacker");
        var attack = await attacker.Context.NewPageAsync();
        await attack.GotoAsync(link);
        await attack.Locator("#email").FillAsync(Alice);
        await attack.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await Expect(attack.Locator("[data-sign-up-sent]")).ToContainTextAsync($"We sent a mail to {Alice}");
        Assert.DoesNotContain(await attacker.Context.CookiesAsync(), c => c.Name == "dashboard.auth");

        // A newcomer signs up with their own address, follows the mailed link, chooses a password, and lands home.
        await using var newcomer = await browser.StartTestAsync(url, test: "Invitation_newcomer");
        var page = await newcomer.Context.NewPageAsync();
        await page.GotoAsync(link);
        await Expect(page.Locator("[data-seats-left]")).ToHaveTextAsync("2");
        await page.Locator("#email").FillAsync(Newcomer);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.Screenshot("InvitationJourney-invite.png") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await Expect(page.Locator("[data-sign-up-sent]")).ToBeVisibleAsync();
        await page.GotoAsync(LinkIn(await smtp.MailToAsync(Newcomer), url));
        await ChoosePasswordAsync(page, "Analytical-Engine-1843", "Finish and sign in");

        await Expect(page.Locator("[data-machine]")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-machine=\"python-workshop-11\"] [data-state=\"running\"]")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.Screenshot("InvitationJourney-my.png") });

        // Connect on their own machine shows how to reach it.
        await page.Locator("[data-machine=\"python-workshop-11\"]").GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();
        await Expect(page.Locator("[data-connect=\"ssh\"] input").First).ToHaveValueAsync(new Regex("^ssh \\S+@python-workshop-11\\."));

        // Another machine is out of reach by URL: its page shows nothing, its connection details are refused.
        var monitor = app.Services.GetRequiredService<SessionMonitor>();
        var own = monitor.FindSession("python-workshop")!.Machines.Single(m => m.Name == "python-workshop-11");
        var alices = monitor.FindSession("python-workshop")!.Machines.Single(m => m.Name == "python-workshop-12");
        await page.GotoAsync("/machines/python-workshop-01");
        await Expect(page.GetByText("There is no machine named python-workshop-01.")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-connect]")).ToHaveCountAsync(0);
        Assert.Equal(403, (await page.APIRequest.GetAsync($"/api/machines/{alices.Id}/connection")).Status);
        Assert.Equal(200, (await page.APIRequest.GetAsync($"/api/machines/{own.Id}/connection")).Status);

        // Alice follows her personal invitation (not the attacker's sign-up): her machine becomes hers.
        await using var alice = await browser.StartTestAsync(url, test: "Invitation_alice");
        var alicePage = await alice.Context.NewPageAsync();
        var invitation = smtp.MailsTo(Alice).Single(m => m.Subject == "Your machine in python-workshop");
        await alicePage.GotoAsync(LinkIn(invitation, url));
        await Expect(alicePage.Locator("[data-invited]")).ToHaveTextAsync(Alice);
        await ChoosePasswordAsync(alicePage, "Alice-owns-her-mailbox-1", "Create my account and take my machine");
        await Expect(alicePage.Locator("[data-machine=\"python-workshop-12\"]")).ToHaveCountAsync(1);

        // The instructor's page shows both holders, Alice no longer pending, and the seat used, live.
        await Expect(roster.Locator("[data-machine=\"python-workshop-11\"] [data-student]")).ToHaveAttributeAsync("data-student", Newcomer);
        await Expect(alicesRow.Locator("[data-pending]")).ToHaveCountAsync(0);
        await Expect(people.Locator("[data-invitations] [data-seats]")).ToHaveAttributeAsync("data-seats", "1/2");

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var log = await db.ActionLog.AsNoTracking()
            .Where(e => e.Action == AuditAction.CreateInvitation || e.Action == AuditAction.ConfirmEmail || e.Action == AuditAction.ClaimSeat
                || e.Action == AuditAction.TakeAssignment)
            .OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(
            [
                ("CreateInvitation", DemoData.Instructor, (string?)null, ActionOutcome.Succeeded),
                ("ConfirmEmail", Newcomer, null, ActionOutcome.Succeeded),
                ("ClaimSeat", Newcomer, "python-workshop-11", ActionOutcome.Succeeded),
                ("ConfirmEmail", Alice, null, ActionOutcome.Succeeded),
                ("TakeAssignment", Alice, "python-workshop-12", ActionOutcome.Succeeded),
            ],
            log.Select(e => (e.Action.ToString(), e.Actor, e.MachineName, e.Outcome)));
        var connects = await db.ActionLog.AsNoTracking().Where(e => e.Action == AuditAction.Connect && e.Actor == Newcomer).ToListAsync();
        Assert.Contains(connects, e => e.MachineName == "python-workshop-11" && e.Outcome == ActionOutcome.Succeeded);
        Assert.Contains(connects, e => e.MachineName == "python-workshop-12" && e.Outcome == ActionOutcome.Refused);
    }

    private static async Task ChoosePasswordAsync(IPage page, string password, string button)
    {
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#confirm").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/my");
    }

    /// <summary>The mailed link, which must lead to this server.</summary>
    private static string LinkIn(MimeKit.MimeMessage mail, Uri server)
    {
        var path = TestSmtpServer.LinkIn(mail);
        Assert.Contains(new Uri(server, path).AbsoluteUri, mail.TextBody, StringComparison.Ordinal);
        return path;
    }

    [GeneratedRegex("/invite/[A-Za-z0-9_-]{43}$")]
    private static partial Regex InvitationLink();
}
