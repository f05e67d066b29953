using Dashboard.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

[Trait("Category", "EndToEnd")]
[Collection(EndToEndCollection.Name)]
public sealed class SpotPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Node = "genomics-hpc-compute-03";

    [Fact]
    public async Task Ops_rehearse_an_eviction_and_see_the_lost_capacity_and_the_eviction_in_the_history()
    {
        await using var app = new DashboardAppFactory();
        var url = app.StartOnKestrel();
        await using var test = await browser.StartTestAsync(url);
        var page = await test.Context.NewPageAsync();
        await page.GotoAsync("/spot");
        await BrowserTest.SignInAsync(page, "ops@demo.test");
        var hpc = page.Locator("tr", new() { Has = page.Locator("[data-spot-session=\"genomics-hpc\"]") });
        await Expect(hpc).ToContainTextAsync("8 / 8");

        await page.Locator($"[data-machine=\"{Node}\"]").GetByRole(AriaRole.Button, new() { Name = "Simulate eviction" }).ClickAsync();
        await Expect(page.GetByText("the VM and its disks are deleted")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Evict and delete" }).ClickAsync();

        await Expect(page.Locator($"[data-machine=\"{Node}\"] [data-state=\"evicted\"]")).ToHaveCountAsync(1);
        await Expect(hpc).ToContainTextAsync("7 / 8");
        await Expect(hpc.Locator("[data-badge=\"reduced-capacity\"]")).ToHaveTextAsync("1 evicted");
        var eviction = page.Locator("[data-table=\"evictions\"] tr", new() { HasText = Node });
        await Expect(eviction).ToContainTextAsync("Delete");
    }

    [Fact]
    public async Task An_instructor_is_turned_away_from_the_spot_page()
    {
        await using var app = new DashboardAppFactory();
        var url = app.StartOnKestrel();
        await using var test = await browser.StartTestAsync(url);
        var page = await test.Context.NewPageAsync();
        await page.GotoAsync("/spot");
        await BrowserTest.SignInAsync(page, "instructor@demo.test");

        await Expect(page.Locator("[data-spot-session]")).ToHaveCountAsync(0);
        await Expect(page.GetByText("Your account may not open this page.").Or(page.GetByText("Not allowed"))).ToBeVisibleAsync();
    }
}
