using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace Dashboard.Tests.Support;

/// <summary>
/// One Playwright driver and one headless Chromium (Debian's, at /usr/bin/chromium) per test class.
/// Each test gets its own browser context through <see cref="StartTestAsync"/>.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>A fresh browser context for one test; disposing it saves a screenshot of each of its pages.</summary>
    public async Task<BrowserTest> StartTestAsync(Uri baseUrl, [CallerFilePath] string file = "", [CallerMemberName] string test = "")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(15_000);
        return new BrowserTest(context, $"{Path.GetFileNameWithoutExtension(file)}.{test}");
    }
}

/// <summary>One test's browser context and pages.</summary>
public sealed class BrowserTest(IBrowserContext context, string name) : IAsyncDisposable
{
    private readonly List<IPage> _pages = [];
    private readonly List<string> _console = [];

    public IBrowserContext Context => context;

    /// <summary>
    /// Opens the sessions page as <paramref name="user"/> (signing in through the login form when this context has
    /// no session cookie yet) and waits until the live (interactive) page has rendered its sessions.
    /// </summary>
    public async Task<IPage> OpenSessionsAsync(string user = Dashboard.Core.Setup.DemoData.Instructor)
    {
        var page = await context.NewPageAsync();
        var number = _pages.Count + 1;
        _pages.Add(page);
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
                Record($"page {number} console {message.Type}: {message.Text}");
        };
        page.PageError += (_, error) => Record($"page {number} error: {error}");
        await page.GotoAsync("/");
        if (page.Url.Contains("/account/login", StringComparison.Ordinal))
            await SignInAsync(page, user);
        await page.Locator("[data-session]").First.WaitForAsync();
        return page;
    }

    /// <summary>Fills the real sign-in form with a demo account.</summary>
    public static async Task SignInAsync(IPage page, string user, string password = Dashboard.Core.People.PeopleInitializer.DemoPassword)
    {
        await page.Locator("#email").FillAsync(user);
        await page.Locator("#password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < _pages.Count; i++)
        {
            var suffix = _pages.Count == 1 ? "" : $"-page{i + 1}";
            try
            {
                await _pages[i].ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.Screenshot($"{name}{suffix}.png"), FullPage = true });
            }
            catch (PlaywrightException)
            {
                // A page that crashed or closed has nothing to show; the test's own failure says what happened.
            }
        }

        await context.DisposeAsync();
        lock (_console)
        {
            if (_console.Count > 0)
                File.WriteAllLines(Artifacts.Screenshot($"{name}.console.log"), _console);
        }
    }

    private void Record(string line)
    {
        lock (_console)
            _console.Add($"{DateTime.Now:HH:mm:ss.fff} {line}");
    }
}
