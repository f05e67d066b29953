using Dashboard.Core.Setup;
using Dashboard.Tests.AzureBackend;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

using Dashboard.ArmEmulator;

/// <summary>Two dashboard servers, one Redis, one database, one ARM endpoint, and a browser on each.</summary>
[Trait("Category", "EndToEnd")]
[Collection(EndToEndCollection.Name)]
public sealed class TwoServersJourneyTests(BrowserFixture browser, RedisServer redis) : IClassFixture<BrowserFixture>, IClassFixture<RedisServer>
{
    [Fact]
    public async Task A_start_clicked_on_one_server_shows_live_in_a_page_of_the_other_signed_in_once()
    {
        var arm = new ArmEmulator(new ArmEmulatorOptions { SubscriptionId = AzureHarness.Subscription, OperationLatency = TimeSpan.FromSeconds(1) });
        arm.AddVirtualMachine(AzureHarness.ResourceGroup, "lab-01", tags: AzureHarness.CreatedTags("lab", "Student", "WorkshopPool"),
            powerState: "deallocated");
        arm.AddVirtualMachine(AzureHarness.ResourceGroup, "lab-02", tags: AzureHarness.CreatedTags("lab", "Student", "WorkshopPool"));
        var settings = ScaleOutApps.Settings(redis);
        using var folder = new TempFolder();
        await using var first = ScaleOutApps.App(folder, settings, arm);
        var firstUrl = first.StartOnKestrel();
        await AzureHarness.AdoptAsync(first.Services, "lab", 2);
        await using var second = ScaleOutApps.App(folder, settings, arm);
        var secondUrl = second.StartOnKestrel();

        await using var test = await browser.StartTestAsync(firstUrl);
        var onFirst = await test.Context.NewPageAsync();
        await onFirst.GotoAsync(firstUrl.ToString());
        await BrowserTest.SignInAsync(onFirst, DemoData.Instructor, "Test-pass-2026!");
        // Signed in on the first server only: the second reads the same cookie with the keys both keep in Redis.
        var onSecond = await test.Context.NewPageAsync();
        await onSecond.GotoAsync(secondUrl.ToString());
        Assert.DoesNotContain("/account/login", onSecond.Url, StringComparison.Ordinal);
        var a = new SessionsPage(onFirst);
        var b = new SessionsPage(onSecond);
        await a.ExpandAsync("lab");
        await b.ExpandAsync("lab");
        await Expect(b.StateOf("lab-01", "deallocated")).ToBeVisibleAsync();

        await SessionsPage.Button(a.Machine("lab-01"), "Start").ClickAsync();

        await Expect(b.StateOf("lab-01", "starting")).ToBeVisibleAsync();
        await Expect(b.StateOf("lab-01", "running")).ToBeVisibleAsync();
        await Expect(SessionsPage.Button(b.Machine("lab-01"), "Stop")).ToBeEnabledAsync();
    }
}
