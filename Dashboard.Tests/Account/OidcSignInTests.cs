using System.Net;
using Dashboard.Account;
using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Core.Persistence;
using Dashboard.Setup;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Account;

/// <summary>
/// Sign-ins through a real OpenID Connect provider (OpenIddict on a loopback port) and the dashboard's own OIDC
/// handler, with the claims an attacker who controls the provider's profile would choose.
/// </summary>
public sealed class OidcSignInTests : IAsyncLifetime
{
    private const string Admin = "admin@demo.test";
    private const string SignedIn = "dashboard.auth";

    private TestOidcProvider _provider = default!;
    private DashboardAppFactory _app = default!;
    private CookieBrowser _browser = default!;

    public async Task InitializeAsync()
    {
        _provider = await TestOidcProvider.StartAsync();
        _app = new DashboardAppFactory(_provider.DashboardSettings);
        _browser = new CookieBrowser(_app.Server);
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        await _app.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task A_new_subject_gets_a_new_account_with_the_providers_roles_and_is_signed_in()
    {
        var (_, url) = await SignInAsync(new ProviderIdentity("sub-new", "newcomer@example.test", true, Roles.Ops));

        Assert.Equal("/", url.AbsolutePath);
        Assert.NotNull(_browser.DashboardCookie(SignedIn));
        Assert.Equal([Roles.Ops], await RolesOfAsync("newcomer@example.test"));
        var (audit, _) = await _browser.OpenAsync("/audit.csv");
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
    }

    [Fact]
    public async Task An_unverified_email_of_the_admin_does_not_sign_in_as_admin_and_is_audited()
    {
        var (page, url) = await SignInAsync(new ProviderIdentity("attacker", Admin, EmailVerified: false, Roles.Student));

        Assert.Equal("/account/login", url.AbsolutePath);
        Assert.Contains(ExternalSignInMessages.Of(ExternalSignInRefusal.UsePassword), await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(_browser.DashboardCookie(SignedIn));
        Assert.Empty(await LoginsOfAsync(Admin));
        Assert.Equal([Roles.Admin], await RolesOfAsync(Admin));
        Assert.Contains(await AuditAsync(Admin), e => e is { Action: AuditAction.LinkLogin, Outcome: ActionOutcome.Refused });
    }

    [Fact]
    public async Task An_email_without_email_verified_is_treated_as_unverified()
    {
        var (_, url) = await SignInAsync(new ProviderIdentity("attacker", "student02@demo.test", EmailVerified: null));

        Assert.Equal("/account/login", url.AbsolutePath);
        Assert.Empty(await LoginsOfAsync("student02@demo.test"));
    }

    [Fact]
    public async Task A_verified_email_still_never_takes_over_an_admin_or_instructor_account()
    {
        foreach (var staff in new[] { Admin, "instructor@demo.test" })
        {
            _browser.ForgetCookies();
            var (_, url) = await SignInAsync(new ProviderIdentity($"sub-{staff}", staff, true, Roles.Admin));

            Assert.Equal("/account/login", url.AbsolutePath);
            Assert.Null(_browser.DashboardCookie(SignedIn));
            Assert.Empty(await LoginsOfAsync(staff));
        }

        Assert.Contains(await AuditAsync("instructor@demo.test"), e => e is { Action: AuditAction.LinkLogin, Outcome: ActionOutcome.Refused });
    }

    [Fact]
    public async Task A_verified_email_of_a_student_links_the_login_and_the_next_sign_in_finds_it_by_subject()
    {
        const string student = "student04@demo.test";
        var (_, url) = await SignInAsync(new ProviderIdentity("sub-student04", student, true, Roles.Student));

        Assert.Equal("/", url.AbsolutePath);
        Assert.Equal(["sub-student04"], await LoginsOfAsync(student));
        Assert.Contains(await AuditAsync(student), e => e is { Action: AuditAction.LinkLogin, Outcome: ActionOutcome.Succeeded });

        // The provider's e-mail changed: the subject still names the same account.
        _browser.ForgetCookies();
        await SignInAsync(new ProviderIdentity("sub-student04", "renamed@example.test", false, Roles.Student));
        Assert.NotNull(_browser.DashboardCookie(SignedIn));
        Assert.Null(await FindAsync("renamed@example.test"));
    }

    [Fact]
    public async Task Roles_from_the_provider_replace_the_earlier_ones_and_renew_the_security_stamp()
    {
        const string email = "teacher@example.test";
        await SignInAsync(new ProviderIdentity("sub-teacher", email, true, Roles.Instructor, Roles.Ops));
        Assert.Equal([Roles.Instructor, Roles.Ops], await RolesOfAsync(email));
        var firstCookie = _browser.DashboardCookieHeader;
        var stamp = (await FindAsync(email))!.SecurityStamp;

        var fresh = new CookieBrowser(_app.Server);
        _provider.Next = new ProviderIdentity("sub-teacher", email, true, Roles.Student);
        await fresh.OpenAsync("/account/external?returnUrl=/");

        Assert.Equal([Roles.Student], await RolesOfAsync(email));
        Assert.NotEqual(stamp, (await FindAsync(email))!.SecurityStamp);
        Assert.NotEqual(firstCookie, fresh.DashboardCookieHeader);
        var (audit, _) = await fresh.OpenAsync("/audit.csv");
        Assert.Equal(HttpStatusCode.Forbidden, audit.StatusCode);
        fresh.Dispose();
    }

    [Fact]
    public async Task No_role_claim_means_Student()
    {
        await SignInAsync(new ProviderIdentity("sub-plain", "plain@example.test", true));

        Assert.Equal([Roles.Student], await RolesOfAsync("plain@example.test"));
    }

    [Fact]
    public async Task A_locked_out_account_is_refused_through_the_provider_and_it_is_audited()
    {
        const string email = "locked@example.test";
        var identity = new ProviderIdentity("sub-locked", email, true, Roles.Ops);
        await SignInAsync(identity);
        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByEmailAsync(email))!, DateTimeOffset.UtcNow.AddHours(1));
        }

        _browser.ForgetCookies();
        var (page, url) = await SignInAsync(identity);

        Assert.Equal("/account/login", url.AbsolutePath);
        Assert.Contains(ExternalSignInMessages.Of(ExternalSignInRefusal.LockedOut), await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(_browser.DashboardCookie(SignedIn));
        Assert.Contains(await AuditAsync(email), e => e is { Action: AuditAction.SignIn, Outcome: ActionOutcome.Failed, Error: not null } && e.Error.Contains("locked", StringComparison.Ordinal));
    }

    private Task<(HttpResponseMessage Response, Uri Url)> SignInAsync(ProviderIdentity identity)
    {
        _provider.Next = identity;
        return _browser.OpenAsync("/account/external?returnUrl=/");
    }

    private async Task<DashboardUser?> FindAsync(string email)
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>().FindByEmailAsync(email);
    }

    private async Task<List<string>> RolesOfAsync(string email)
    {
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        return [.. (await users.GetRolesAsync((await users.FindByEmailAsync(email))!)).Order()];
    }

    private async Task<List<string>> LoginsOfAsync(string email)
    {
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        return [.. (await users.GetLoginsAsync((await users.FindByEmailAsync(email))!)).Where(l => l.LoginProvider == OidcOptions.Scheme).Select(l => l.ProviderKey)];
    }

    private async Task<List<ActionLogEntry>> AuditAsync(string actor)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        return await db.ActionLog.Where(e => e.Actor == actor).OrderBy(e => e.Id).ToListAsync();
    }
}
