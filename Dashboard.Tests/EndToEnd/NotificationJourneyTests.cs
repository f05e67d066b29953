using Dashboard.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

[Trait("Category", "EndToEnd")]
[Collection(EndToEndCollection.Name)]
public sealed class NotificationJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Node = "genomics-hpc-compute-05";

    [Fact]
    public async Task An_eviction_rings_the_owners_open_page_without_a_reload_and_mark_all_read_outlives_a_reload()
    {
        await using var app = new DashboardAppFactory();
        var url = app.StartOnKestrel();
        await using var opsTest = await browser.StartTestAsync(url);
        await using var ownerTest = await browser.StartTestAsync(url);
        var ops = await opsTest.Context.NewPageAsync();
        await ops.GotoAsync("/spot");
        await BrowserTest.SignInAsync(ops, "ops@demo.test");
        var owner = await ownerTest.Context.NewPageAsync();
        await owner.GotoAsync("/");
        await BrowserTest.SignInAsync(owner, "instructor@demo.test");
        var ownersBell = owner.GetByRole(AriaRole.Button, new() { Name = "Notifications" });
        await Expect(ownersBell).ToHaveAttributeAsync("data-unread", "0");

        await ops.Locator($"[data-machine=\"{Node}\"]").GetByRole(AriaRole.Button, new() { Name = "Simulate eviction" }).ClickAsync();
        await ops.GetByRole(AriaRole.Button, new() { Name = "Evict and delete" }).ClickAsync();

        await Expect(ownersBell).ToHaveAttributeAsync("data-unread", "1");
        await Expect(ops.GetByRole(AriaRole.Button, new() { Name = "Notifications" })).ToHaveAttributeAsync("data-unread", "1");
        await ownersBell.ClickAsync();
        var row = owner.Locator($"[data-notification=\"Evicted\"][data-machine=\"{Node}\"]");
        await Expect(row).ToContainTextAsync("genomics-hpc");
        await Expect(row).ToHaveAttributeAsync("href", "/spot");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Mark all read" }).ClickAsync();
        await Expect(ownersBell).ToHaveAttributeAsync("data-unread", "0");

        await owner.ReloadAsync();
        await Expect(owner.GetByRole(AriaRole.Button, new() { Name = "Notifications" })).ToHaveAttributeAsync("data-unread", "0");
        await Expect(ops.GetByRole(AriaRole.Button, new() { Name = "Notifications" })).ToHaveAttributeAsync("data-unread", "1");
    }
}
