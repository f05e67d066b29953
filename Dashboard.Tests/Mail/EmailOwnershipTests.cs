using System.Net;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Core.Persistence;
using Dashboard.Hubs;
using Dashboard.Tests.People;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Mail;

/// <summary>
/// Nobody gets what an instructor set aside for an address before proving they own it. Everything an attacker could
/// use is tried the way they would: form posts to the invitation and confirmation pages, the hub, and the connection
/// endpoint; every mail goes through a real SMTP server started by the test.
/// </summary>
public sealed class EmailOwnershipTests : IAsyncLifetime
{
    private const string Alice = "alice@school.example";
    private const string AlicesPassword = "Alice-owns-her-mailbox-1";
    private const string Attacker = "mallory@evil.example";

    private TestSmtpServer _smtp = default!;
    private DashboardAppFactory _app = default!;

    public async Task InitializeAsync()
    {
        _smtp = await TestSmtpServer.StartAsync();
        _app = new DashboardAppFactory(new Dictionary<string, string?>(_smtp.Settings) { ["Email:PublicUrl"] = "https://localhost/" });
        _ = _app.Server;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private SessionMonitor Monitor => _app.Services.GetRequiredService<SessionMonitor>();
    private Roster Roster => _app.Services.GetRequiredService<Roster>();

    [Fact]
    public async Task An_assignment_mails_Alice_a_personal_invitation_whose_link_signs_her_up_and_binds_the_machine_to_her_account()
    {
        var machine = await AssignToAliceAsync();
        Assert.Null(Monitor.FindMachine(machine.Id)!.AssignedUserId);

        var mail = await _smtp.MailToAsync(Alice);
        Assert.Equal((TestSmtpServer.From, "Your machine in python-workshop"), (mail.From.Mailboxes.Single().Address, mail.Subject));
        var link = TestSmtpServer.LinkIn(mail);
        Assert.StartsWith("/invite/", link, StringComparison.Ordinal);

        using var alice = new FormClient(_app);
        Assert.Contains(Alice, await alice.GetAsync(link), StringComparison.Ordinal);
        var answer = await alice.PostAsync(link, "accept", new Dictionary<string, string>
        {
            ["Accept.Password"] = AlicesPassword,
            ["Accept.Confirm"] = AlicesPassword,
        });

        Assert.True(answer.SignedIn, answer.Html);
        Assert.Equal("/my", answer.Location?.AbsolutePath);
        var account = await AccountIdAsync(Alice);
        Assert.Equal(account, Monitor.FindMachine(machine.Id)!.AssignedUserId);
        Assert.Equal(account, await HolderInDatabaseAsync(machine.Id));
        using var connection = await alice.Http.GetAsync($"/api/machines/{machine.Id}/connection");
        Assert.Equal(HttpStatusCode.OK, connection.StatusCode);
        // The link is spent: it does nothing a second time.
        Assert.Contains(RosterMessages.PersonalUsed, await new FormClient(_app).GetAsync(link), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_attacker_signing_up_on_an_open_link_with_Alices_address_gets_no_account_no_machine_and_Alice_gets_the_link()
    {
        var machine = await AssignToAliceAsync();
        var invitation = await OpenInvitationAsync(seats: 5);

        using var attacker = new FormClient(_app);
        var answer = await attacker.PostAsync($"/invite/{invitation.Token}", "signup", new Dictionary<string, string> { ["SignUp.Email"] = Alice });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.False(answer.SignedIn);
        Assert.Contains("We sent a mail to", answer.Html, StringComparison.Ordinal);
        Assert.Null(Monitor.FindMachine(machine.Id)!.AssignedUserId);
        // The account the sign-up made has no password: typing Alice's address reserved nothing.
        using (var db = _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContext())
            Assert.Null((await db.Users.SingleAsync(u => u.Email == Alice)).PasswordHash);

        // Alice's mailbox, not the attacker, holds the way in: her invitation and the sign-up's confirmation link.
        await Eventually.TrueAsync(() => _smtp.MailsTo(Alice).Count == 2, "both mails reach Alice");
        var confirmation = _smtp.MailsTo(Alice).Single(m => m.Subject!.StartsWith("Finish signing up", StringComparison.Ordinal));
        using var alice = new FormClient(_app);
        var confirmed = await alice.PostAsync(TestSmtpServer.LinkIn(confirmation), "confirm", new Dictionary<string, string>
        {
            ["Input.Password"] = AlicesPassword,
            ["Input.Confirm"] = AlicesPassword,
        });

        Assert.True(confirmed.SignedIn, confirmed.Html);
        Assert.Equal(await AccountIdAsync(Alice), Monitor.FindMachine(machine.Id)!.AssignedUserId);
        // Proving the address gave her what was set aside for it; the open link's seat stayed unused.
        Assert.Equal(0, await SeatsUsedAsync(invitation.Id));
    }

    [Fact]
    public async Task A_student_account_under_Alices_address_that_never_proved_it_is_refused_her_machine_on_the_endpoint_and_the_hub()
    {
        var machine = await AssignToAliceAsync();
        var invitation = await OpenInvitationAsync(seats: 5);
        // An account with Alice's name exists (the attacker's sign-up made it) but it proved nothing.
        using (var attacker = new FormClient(_app))
            await attacker.PostAsync($"/invite/{invitation.Token}", "signup", new Dictionary<string, string> { ["SignUp.Email"] = Alice });

        using var client = _app.CreateClient();
        client.DefaultRequestHeaders.Add(TestAuthentication.UserHeader, Alice);
        client.DefaultRequestHeaders.Add(TestAuthentication.RolesHeader, Roles.Student);
        using var connection = await client.GetAsync($"/api/machines/{machine.Id}/connection");
        Assert.Equal(HttpStatusCode.Forbidden, connection.StatusCode);
        Assert.DoesNotContain("ssh ", await connection.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var hub = TestHubConnections.Build(_app.Server, Alice, Roles.Student);
        await hub.StartAsync();
        var sessions = await hub.InvokeAsync<IReadOnlyList<SessionView>>(nameof(SessionsHub.GetSessions));
        Assert.DoesNotContain(sessions.SelectMany(s => s.Machines), m => m.Id == machine.Id);
    }

    [Fact]
    public async Task An_attacker_who_proves_their_own_address_on_an_open_link_gets_an_unassigned_seat_never_Alices_machine()
    {
        var alicesMachine = await AssignToAliceAsync();
        var free = await FreeMachineAsync(11);
        var invitation = await OpenInvitationAsync(seats: 5);

        using var attacker = new FormClient(_app);
        await attacker.PostAsync($"/invite/{invitation.Token}", "signup", new Dictionary<string, string> { ["SignUp.Email"] = Attacker });
        var confirmed = await attacker.PostAsync(TestSmtpServer.LinkIn(await _smtp.MailToAsync(Attacker)), "confirm",
            new Dictionary<string, string> { ["Input.Password"] = "Mallory-is-here-42", ["Input.Confirm"] = "Mallory-is-here-42" });

        Assert.True(confirmed.SignedIn, confirmed.Html);
        var account = await AccountIdAsync(Attacker);
        Assert.Equal(account, Monitor.FindMachine(free.Id)!.AssignedUserId);
        Assert.Null(Monitor.FindMachine(alicesMachine.Id)!.AssignedUserId);
        using var refused = await attacker.Http.GetAsync($"/api/machines/{alicesMachine.Id}/connection");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Signing_up_answers_the_same_whether_or_not_the_address_has_an_account_and_the_mail_tells_the_owner()
    {
        var invitation = await OpenInvitationAsync(seats: 5);
        var existing = Dashboard.Core.Setup.DemoData.Student(5);
        const string Newcomer = "newcomer@school.example";

        using var first = new FormClient(_app);
        var forExisting = await first.PostAsync($"/invite/{invitation.Token}", "signup", new Dictionary<string, string> { ["SignUp.Email"] = existing });
        using var second = new FormClient(_app);
        var forNewcomer = await second.PostAsync($"/invite/{invitation.Token}", "signup", new Dictionary<string, string> { ["SignUp.Email"] = Newcomer });

        Assert.Equal((HttpStatusCode.OK, false), (forExisting.Status, forExisting.SignedIn));
        Assert.Equal(forNewcomer.Comparable(Newcomer), forExisting.Comparable(existing));
        Assert.DoesNotContain("already", forExisting.Html, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("You already have an account", (await _smtp.MailToAsync(existing)).Subject, StringComparison.Ordinal);
        Assert.StartsWith("Finish signing up", (await _smtp.MailToAsync(Newcomer)).Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_leaked_one_seat_link_sends_at_most_ten_sign_up_mails_an_hour()
    {
        var invitation = await OpenInvitationAsync(seats: 1);
        var answers = new List<string>();
        for (var i = 0; i < SignUpLimits.Minimum + 1; i++)
        {
            using var stranger = new FormClient(_app);
            answers.Add((await stranger.PostAsync($"/invite/{invitation.Token}", "signup",
                new Dictionary<string, string> { ["SignUp.Email"] = $"spam{i}@victim.example" })).Html);
        }

        Assert.All(answers.Take(SignUpLimits.Minimum), html => Assert.Contains("We sent a mail to", html, StringComparison.Ordinal));
        Assert.Contains(System.Net.WebUtility.HtmlEncode(SignUpLimits.Reached), answers[^1], StringComparison.Ordinal);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        Assert.Equal(SignUpLimits.Minimum, await db.Users.CountAsync(u => u.Email!.EndsWith("@victim.example")));
    }

    [Fact]
    public async Task A_personal_invitation_cannot_be_claimed_as_an_open_link_or_by_another_signed_in_account()
    {
        await AssignToAliceAsync();
        var link = TestSmtpServer.LinkIn(await _smtp.MailToAsync(Alice));
        var token = link["/invite/".Length..];

        var asOpenLink = await Roster.ClaimAsync(token, RosterKit.Account(Attacker));
        var asSomeoneElse = await Roster.TakeAsync(token, RosterKit.Account(Attacker));

        Assert.False(asOpenLink.Succeeded);
        Assert.Equal(RosterMessages.OtherAddress(Alice), asSomeoneElse.Message);
        Assert.Contains(Monitor.FindSession(RosterKit.Pool)!.Machines, m => m.AssignedUser == Alice && m.AssignedUserId is null);
    }

    private async Task<MachineView> AssignToAliceAsync()
    {
        var machine = await FreeMachineAsync(12);
        var assigned = await Roster.AssignAsync(TestViewers.Instructor, machine.Id, Alice);
        Assert.True(assigned.Succeeded, assigned.Message);
        Assert.Contains("personal invitation was mailed", assigned.Message, StringComparison.Ordinal);
        return machine;
    }

    private async Task<MachineView> FreeMachineAsync(int ordinal)
    {
        var machine = Monitor.FindSession(RosterKit.Pool)!.Machines.Single(m => m.Ordinal == ordinal);
        var freed = await Roster.UnassignAsync(TestViewers.Instructor, machine.Id);
        Assert.True(freed.Succeeded, freed.Message);
        return machine;
    }

    private async Task<Invitation> OpenInvitationAsync(int seats)
    {
        var created = await Roster.CreateInvitationAsync(TestViewers.Instructor, Monitor.FindSession(RosterKit.Pool)!.Id, seats, TimeSpan.FromDays(1));
        Assert.True(created.Succeeded, created.Message);
        return created.Invitation!;
    }

    private async Task<string> AccountIdAsync(string email)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    private async Task<string?> HolderInDatabaseAsync(Guid machineId)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        return await db.Machines.Where(m => m.Id == machineId).Select(m => m.AssignedUserId).SingleAsync();
    }

    private async Task<int> SeatsUsedAsync(Guid invitationId)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        return await db.Invitations.Where(i => i.Id == invitationId).Select(i => i.SeatsUsed).SingleAsync();
    }
}
