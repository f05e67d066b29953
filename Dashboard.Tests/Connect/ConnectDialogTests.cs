using Dashboard.Tests.EndToEnd;
using Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Connect;

/// <summary>The Connect button of a machine row opens the dialog with that machine's options.</summary>
[Trait("Category", "EndToEnd")]
[Collection(EndToEndCollection.Name)]
public sealed class ConnectDialogTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Connect_on_the_big_data_master_offers_ssh_with_copy_and_its_yarn_ui_but_no_rdp()
    {
        await using var app = new DashboardAppFactory();
        await using var test = await browser.StartTestAsync(app.StartOnKestrel());
        var page = new SessionsPage(await test.OpenSessionsAsync());
        await page.ExpandAsync("spark-analytics");

        await SessionsPage.Button(page.Machine("spark-analytics-master"), "Connect").ClickAsync();

        await Expect(page.Dialog.Locator("[data-connect=\"ssh\"] input")).ToHaveValueAsync("ssh azureuser@spark-analytics-master.sim.internal");
        await Expect(SessionsPage.Button(page.Dialog.Locator("[data-connect=\"ssh\"]"), "Copy SSH command")).ToBeEnabledAsync();
        await Expect(page.Dialog.Locator("[data-connect=\"browser\"] a"))
            .ToHaveAttributeAsync("href", "https://spark-analytics-proxy.sim.internal/spark-analytics-master/yarn/");
        await Expect(page.Dialog.Locator("[data-connect=\"rdp\"]")).ToHaveCountAsync(0);
    }
}
