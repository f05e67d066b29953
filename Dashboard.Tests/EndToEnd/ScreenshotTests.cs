using Dashboard.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

[Trait("Category", "EndToEnd")]
[Collection(EndToEndCollection.Name)]
public sealed class ScreenshotTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>
    /// Saves artifacts/screenshots/sessions.png; with UPDATE_SCREENSHOT=1 it also replaces the README's docs/screenshot.png.
    /// </summary>
    [Fact]
    public async Task The_sessions_page_with_spark_analytics_expanded()
    {
        await using var app = new DashboardAppFactory();
        var url = app.StartOnKestrel();
        await using var test = await browser.StartTestAsync(url);
        var page = new SessionsPage(await test.OpenSessionsAsync());
        await Expect(page.Sessions).ToHaveCountAsync(4);

        await page.ExpandAsync("spark-analytics");
        await Expect(page.MachinesIn("spark-analytics", "running")).ToHaveCountAsync(8);
        // No hover, focus or fading click ripple on the Expand button in the picture.
        await page.Page.Mouse.MoveAsync(0, 0);
        await page.Page.EvaluateAsync("() => document.activeElement?.blur()");
        await page.Page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");

        var path = Artifacts.Screenshot("sessions.png");
        File.Delete(path);
        await page.Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });

        var bytes = await File.ReadAllBytesAsync(path);
        Assert.True(bytes.Length > 10_000, $"the screenshot has only {bytes.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        if (Environment.GetEnvironmentVariable("UPDATE_SCREENSHOT") == "1")
        {
            var docs = Path.Combine(Artifacts.RepositoryRoot ?? throw new InvalidOperationException("UPDATE_SCREENSHOT=1 needs the repository."), "docs");
            Directory.CreateDirectory(docs);
            File.Copy(path, Path.Combine(docs, "screenshot.png"), overwrite: true);
        }
    }
}
