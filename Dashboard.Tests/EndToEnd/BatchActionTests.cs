using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

[Trait("Category", "EndToEnd")]
[Collection(EndToEndCollection.Name)]
public sealed class BatchActionTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Stop_All_says_how_many_machines_it_stops_and_then_deallocates_all_of_them()
    {
        await using var app = new DashboardAppFactory();
        var url = app.StartOnKestrel();
        await using var test = await browser.StartTestAsync(url);
        var page = new SessionsPage(await test.OpenSessionsAsync());
        await page.ExpandAsync("python-workshop");
        await Expect(page.MachinesIn("python-workshop", "running")).ToHaveCountAsync(12);

        await SessionsPage.Button(page.Header("python-workshop"), "Stop All").ClickAsync();

        await Expect(page.Dialog.Locator("[data-confirm-text]")).ToContainTextAsync("Stop 12 of 12 machines in python-workshop?");
        await SessionsPage.Button(page.Dialog, "Stop 12 machines").ClickAsync();
        await Expect(page.Dialog).ToHaveCountAsync(0);

        await Expect(page.MachinesOf("python-workshop")).ToHaveCountAsync(12);
        await Expect(page.MachinesIn("python-workshop", "deallocated")).ToHaveCountAsync(12);
        await Expect(page.Session("python-workshop").Locator("[data-count=\"all\"]")).ToHaveTextAsync("machines 0/12 running");
        await Expect(SessionsPage.Button(page.Header("python-workshop"), "Stop All")).ToBeDisabledAsync();

        // Only python-workshop was touched.
        var monitor = app.Services.GetRequiredService<SessionMonitor>();
        Assert.All(monitor.FindSession("python-workshop")!.Machines, m => Assert.Equal(MachineState.Deallocated, m.State));
        Assert.All(monitor.Sessions.Where(s => s.Name != "python-workshop").SelectMany(s => s.Machines),
            m => Assert.Equal(MachineState.Running, m.State));
    }
}
