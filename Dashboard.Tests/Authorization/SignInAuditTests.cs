using Dashboard.Core.Domain;
using Dashboard.Core.Persistence;
using Dashboard.Core.Setup;
using Dashboard.Tests.EndToEnd;
using Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Authorization;

/// <summary>Sign-ins through the real login form in Chromium: each attempt is audited, and guessing locks the account.</summary>
[Trait("Category", "EndToEnd")]
[Collection(EndToEndCollection.Name)]
public sealed class SignInAuditTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string Wrong = "not-the-password";
    // Locked or not, the page answers the same, so nobody learns which addresses have accounts.
    private const string LockedOut = Dashboard.Components.Account.Login.SignInFailed;

    private readonly DashboardAppFactory _app = new();
    private Uri _url = default!;

    public Task InitializeAsync()
    {
        _url = _app.StartOnKestrel();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_successful_and_a_failed_sign_in_are_both_in_the_audit_trail()
    {
        await using var test = await browser.StartTestAsync(_url);
        var page = await OpenLoginAsync(test);

        await AttemptAsync(page, DemoData.Instructor, Wrong);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(LockedOut);
        await BrowserTest.SignInAsync(page, DemoData.Instructor);
        await Expect(page.Locator("[data-user]")).ToHaveTextAsync(DemoData.Instructor);

        var log = await SignInsAsync(DemoData.Instructor);
        Assert.Equal([(ActionOutcome.Failed, "wrong e-mail or password"), (ActionOutcome.Succeeded, null)],
            log.Select(e => (e.Outcome, e.Error)));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_the_right_one_is_refused_next()
    {
        var student = DemoData.Student(3);
        await using var test = await browser.StartTestAsync(_url);
        var page = await OpenLoginAsync(test);

        for (var i = 1; i <= 5; i++)
        {
            await AttemptAsync(page, student, Wrong);
            await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(LockedOut);
        }

        await AttemptAsync(page, student, Dashboard.Core.People.PeopleInitializer.DemoPassword);

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(LockedOut);
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(await test.Context.CookiesAsync(), c => c.Name == "dashboard.auth");
        var log = await SignInsAsync(student);
        Assert.Equal(6, log.Count);
        Assert.All(log, e => Assert.Equal(ActionOutcome.Failed, e.Outcome));
        Assert.Equal([.. Enumerable.Repeat("wrong e-mail or password", 4), "locked out", "locked out"], log.Select(e => e.Error));
    }

    private static async Task<IPage> OpenLoginAsync(BrowserTest test)
    {
        var page = await test.Context.NewPageAsync();
        await page.GotoAsync("/account/login");
        return page;
    }

    /// <summary>Submits the form and waits for the answer page (the form posts and the server renders the result).</summary>
    private static async Task AttemptAsync(IPage page, string user, string password)
    {
        await page.Locator("#email").FillAsync(user);
        await page.Locator("#password").FillAsync(password);
        await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(),
            response => response.Request.Method == "POST" && response.Url.Contains("/account/login", StringComparison.Ordinal));
    }

    private async Task<List<ActionLogEntry>> SignInsAsync(string user)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        return await db.ActionLog.Where(e => e.Actor == user && e.Action == AuditAction.SignIn).OrderBy(e => e.Id).ToListAsync();
    }
}
