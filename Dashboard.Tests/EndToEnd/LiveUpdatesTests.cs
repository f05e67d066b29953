using Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

[Trait("Category", "EndToEnd")]
[Collection(EndToEndCollection.Name)]
public sealed class LiveUpdatesTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Worker = "spark-analytics-worker-01";

    [Fact]
    public async Task A_machine_stopped_in_one_page_goes_stopping_then_deallocated_in_another_without_a_reload()
    {
        await using var app = new DashboardAppFactory();
        var url = app.StartOnKestrel();
        await using var test = await browser.StartTestAsync(url);
        var a = new SessionsPage(await test.OpenSessionsAsync());
        var b = new SessionsPage(await test.OpenSessionsAsync());
        await a.ExpandAsync("spark-analytics");
        await b.ExpandAsync("spark-analytics");
        await Expect(b.StateOf(Worker, "running")).ToBeVisibleAsync();
        // A reload would lose this: it proves page B was updated live.
        await b.Page.EvaluateAsync("() => window.notReloaded = true");

        await SessionsPage.Button(a.Machine(Worker), "Stop").ClickAsync();

        await Expect(b.StateOf(Worker, "stopping")).ToBeVisibleAsync();
        await Expect(b.StateOf(Worker, "deallocated")).ToBeVisibleAsync();
        Assert.True(await b.Page.EvaluateAsync<bool>("() => window.notReloaded === true"), "page B was reloaded");
        await Expect(a.StateOf(Worker, "deallocated")).ToBeVisibleAsync();
        await Expect(b.Session("spark-analytics").Locator("[data-count=\"Worker\"]")).ToHaveTextAsync("workers 5/6 running");
        await Expect(b.MachinesIn("spark-analytics", "running")).ToHaveCountAsync(7);
        // Now deallocated, it can be started but not stopped again.
        await Expect(SessionsPage.Button(b.Machine(Worker), "Start")).ToBeEnabledAsync();
        await Expect(SessionsPage.Button(b.Machine(Worker), "Stop")).ToBeDisabledAsync();
    }
}
