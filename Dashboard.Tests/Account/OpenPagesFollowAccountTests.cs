using Dashboard.Tests.EndToEnd;
using Dashboard.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Account;

/// <summary>
/// An admin changes people on the accounts page in one browser; the pages those people have open in another browser
/// end at their next check (here every half second; 30 s by default) and fall back to the sign-in page.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(EndToEndCollection.Name)]
public sealed class OpenPagesFollowAccountTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly DashboardAppFactory _app = new(new Dictionary<string, string?> { ["Accounts:RecheckSeconds"] = "0.5" });
    private Uri _url = default!;

    public Task InitializeAsync()
    {
        _url = _app.StartOnKestrel();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Locking_a_student_on_the_accounts_page_ends_the_students_open_page()
    {
        await using var studentBrowser = await browser.StartTestAsync(_url);
        var studentPage = await OpenSignedInAsync(studentBrowser, "/my", "student03@demo.test");
        await Expect(studentPage.Locator("[data-user]")).ToHaveTextAsync("student03@demo.test");
        await using var adminBrowser = await browser.StartTestAsync(_url);
        var accounts = await OpenSignedInAsync(adminBrowser, "/admin/accounts", "admin@demo.test");

        await accounts.GetByRole(AriaRole.Button, new() { Name = "Lock student03@demo.test" }).ClickAsync();

        await Expect(accounts.Locator("[data-account=\"student03@demo.test\"]")).ToHaveAttributeAsync("data-locked", "yes");
        await studentPage.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Taking_the_ops_role_away_ends_the_open_spot_page()
    {
        await using var opsBrowser = await browser.StartTestAsync(_url);
        var spot = await OpenSignedInAsync(opsBrowser, "/spot", "ops@demo.test");
        await Expect(spot.Locator("[data-spot-session]").First).ToBeVisibleAsync();
        await using var adminBrowser = await browser.StartTestAsync(_url);
        var accounts = await OpenSignedInAsync(adminBrowser, "/admin/accounts", "admin@demo.test");

        await accounts.GetByLabel("Ops for ops@demo.test").UncheckAsync();

        await Expect(accounts.GetByLabel("Ops for ops@demo.test")).Not.ToBeCheckedAsync();
        await spot.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
    }

    private static async Task<IPage> OpenSignedInAsync(BrowserTest test, string path, string user)
    {
        var page = await test.Context.NewPageAsync();
        await page.GotoAsync(path);
        await BrowserTest.SignInAsync(page, user);
        return page;
    }
}
