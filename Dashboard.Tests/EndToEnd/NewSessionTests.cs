using Dashboard.Core.Live;
using Dashboard.Core.Persistence;
using Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

[Trait("Category", "EndToEnd")]
[Collection(EndToEndCollection.Name)]
public sealed class NewSessionTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_session_created_from_a_formation_appears_and_its_machines_go_from_creating_to_running()
    {
        await using var app = new DashboardAppFactory();
        var url = app.StartOnKestrel();
        await using var test = await browser.StartTestAsync(url);
        var page = new SessionsPage(await test.OpenSessionsAsync());

        await OpenNewSessionDialogAsync(page);
        await ChooseFormationAsync(page, "Spark Cluster (Big Data Cluster)");
        await page.Dialog.Locator("[data-field=\"name\"]").FillAsync("spark-e2e");
        await SessionsPage.Button(page.Dialog, "Create").ClickAsync();

        await Expect(page.Dialog).ToHaveCountAsync(0);
        await Expect(page.Session("spark-e2e")).ToBeVisibleAsync();
        await Expect(page.MachinesIn("spark-e2e", "creating").First).ToBeVisibleAsync();
        await Expect(page.MachinesOf("spark-e2e")).ToHaveCountAsync(8);
        await Expect(page.MachinesIn("spark-e2e", "running")).ToHaveCountAsync(8);
        await Expect(page.Session("spark-e2e").Locator("[data-count=\"Worker\"]")).ToHaveTextAsync("workers 6/6 running");
        // The formation's defaults: 6 workers, the last 4 on Spot, deallocated on eviction.
        await Expect(page.Machine("spark-e2e-master")).ToBeVisibleAsync();
        await Expect(page.Session("spark-e2e").Locator("[data-spot=\"deallocate\"]")).ToHaveCountAsync(4);
        await Expect(page.Sessions).ToHaveCountAsync(5);
    }

    [Fact]
    public async Task An_invalid_name_shows_the_rule_and_creates_nothing()
    {
        await using var app = new DashboardAppFactory();
        var url = app.StartOnKestrel();
        await using var test = await browser.StartTestAsync(url);
        var page = new SessionsPage(await test.OpenSessionsAsync());

        await OpenNewSessionDialogAsync(page);
        await ChooseFormationAsync(page, "Spark Cluster (Big Data Cluster)");
        var name = page.Dialog.Locator("[data-field=\"name\"]");
        await name.FillAsync("Bad Name");
        await SessionsPage.Button(page.Dialog, "Create").ClickAsync();

        await Expect(page.Dialog.GetByText("Use 3–30 characters: lower-case letters, digits and hyphens")).ToBeVisibleAsync();
        await Expect(name).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Dialog).ToBeVisibleAsync();
        await SessionsPage.Button(page.Dialog, "Cancel").ClickAsync();
        await Expect(page.Dialog).ToHaveCountAsync(0);

        await Expect(page.Sessions).ToHaveCountAsync(4);
        Assert.Equal(4, app.Services.GetRequiredService<SessionMonitor>().Sessions.Count);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        Assert.Equal(4, await db.Sessions.CountAsync());
        Assert.False(await db.Machines.AnyAsync(m => m.Name.StartsWith("Bad")));
    }

    private static async Task OpenNewSessionDialogAsync(SessionsPage page)
    {
        await page.Button("New session").ClickAsync();
        await Expect(page.Dialog.Locator("[data-field=\"formation\"]")).ToBeVisibleAsync();
    }

    private static async Task ChooseFormationAsync(SessionsPage page, string formation)
    {
        // MudSelect: the combobox opens a popover list outside the dialog.
        await page.Dialog.Locator("[data-field=\"formation\"]").ClickAsync();
        await page.Page.GetByRole(AriaRole.Option, new() { Name = formation, Exact = true }).ClickAsync();
        await Expect(page.Dialog.Locator("[data-field=\"formation\"]")).ToHaveTextAsync(formation);
    }
}
