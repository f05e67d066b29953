using Microsoft.Playwright;

namespace Dashboard.Benchmarks;

/// <summary>
/// Debian's Chromium (headless, with the tests' launch flags) driven by Playwright; people sign in through the real
/// login form, and every page of a context shares that sign-in cookie.
/// </summary>
public sealed class BenchmarkBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string AdminEmail = "admin@demo.test";

    // The demo accounts' password (README); the constant in Core is internal to it.
    public const string DemoPassword = "Demo-pass-2026!";

    private static readonly TimeSpan PageTimeout = TimeSpan.FromSeconds(90);

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BenchmarkBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<BenchmarkBrowser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        return new BenchmarkBrowser(playwright, browser);
    }

    /// <summary>A fresh context signed in as <paramref name="email"/> through the login form.</summary>
    public async Task<IBrowserContext> SignInAsync(Uri baseUrl, string email = AdminEmail,
        string password = DemoPassword)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
            Locale = "en-GB",
        });
        context.SetDefaultTimeout((float)PageTimeout.TotalMilliseconds);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await page.CloseAsync();
        return context;
    }

    /// <summary>Opens the sessions page and waits for the live page (it is not prerendered) to show its sessions.</summary>
    public static async Task<IPage> OpenSessionsAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("[data-session]").First.WaitForAsync();
        return page;
    }

    /// <summary>The context's cookies as one Cookie header value, for clients outside the browser.</summary>
    public static async Task<string> CookieHeaderAsync(IBrowserContext context) =>
        string.Join("; ", (await context.CookiesAsync()).Select(c => $"{c.Name}={c.Value}"));

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
