using System.Net;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Setup;
using Dashboard.Tests.Mail;
using Dashboard.Tests.People;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Account;

/// <summary>
/// A provider that lets people type any e-mail (and says nothing of verifying it) makes an account under Alice's
/// address. When the real Alice proves the address through her personal invitation, the login that never proved it
/// must not open her account any more: a real OpenID Connect provider and a real SMTP server, through the pages.
/// </summary>
public sealed class OidcAddressTakeoverTests : IAsyncLifetime
{
    private const string Alice = "alice@school.example";
    private const string AlicesPassword = "Alice-owns-her-mailbox-1";
    private const string SignedIn = "dashboard.auth";

    private TestOidcProvider _provider = default!;
    private TestSmtpServer _smtp = default!;
    private DashboardAppFactory _app = default!;

    public async Task InitializeAsync()
    {
        _provider = await TestOidcProvider.StartAsync();
        _smtp = await TestSmtpServer.StartAsync();
        var settings = new Dictionary<string, string?>(_provider.DashboardSettings)
        {
            ["Email:PublicUrl"] = "https://localhost/",
            ["Accounts:RecheckSeconds"] = "0.2",
        };
        foreach (var (key, value) in _smtp.Settings)
            settings[key] = value;
        _app = new DashboardAppFactory(settings);
        _ = _app.Server;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task Once_Alice_proves_her_address_the_unverified_provider_login_under_it_opens_nothing()
    {
        using var attacker = new CookieBrowser(_app.Server);
        var attackerIdentity = new ProviderIdentity("mallory-sub", Alice, EmailVerified: false, Roles.Student);
        _provider.Next = attackerIdentity;
        await attacker.OpenAsync("/account/external?returnUrl=/");
        Assert.NotNull(attacker.DashboardCookie(SignedIn));

        var roster = _app.Services.GetRequiredService<Roster>();
        var machine = _app.Services.GetRequiredService<SessionMonitor>().FindSession(RosterKit.Pool)!.Machines.Single(m => m.Ordinal == 12);
        Assert.True((await roster.UnassignAsync(TestViewers.Instructor, machine.Id)).Succeeded);
        Assert.True((await roster.AssignAsync(TestViewers.Instructor, machine.Id, Alice)).Succeeded);
        using var alice = new FormClient(_app);
        var link = TestSmtpServer.LinkIn(await _smtp.MailToAsync(Alice));
        await alice.GetAsync(link);
        var accepted = await alice.PostAsync(link, "accept", new Dictionary<string, string>
        {
            ["Accept.Password"] = AlicesPassword, ["Accept.Confirm"] = AlicesPassword,
        });
        Assert.True(accepted.SignedIn, accepted.Html);

        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
            var account = (await users.FindByEmailAsync(Alice))!;
            Assert.Empty(await users.GetLoginsAsync(account));
            Assert.Equal(account.Id, _app.Services.GetRequiredService<SessionMonitor>().FindMachine(machine.Id)!.AssignedUserId);
        }

        // The cookie the attacker still holds no longer stands for the account...
        await Eventually.TrueAsync(async () =>
        {
            var (response, _) = await attacker.OpenAsync($"/api/machines/{machine.Id}/connection");
            return response.StatusCode != HttpStatusCode.OK;
        }, "the attacker's old sign-in is refused the machine's connection details");

        // ...and signing in through the provider again opens nothing.
        attacker.ForgetCookies();
        _provider.Next = attackerIdentity;
        var (_, url) = await attacker.OpenAsync("/account/external?returnUrl=/");
        Assert.Equal("/account/login", url.AbsolutePath);
        Assert.Null(attacker.DashboardCookie(SignedIn));
    }
}
