using Dashboard.Core.Actions;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.Setup;
using Dashboard.Tests.EndToEnd;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Audit;

/// <summary>The audit page in Chromium: reached from the menu, filtered, and exported with the same filters.</summary>
[Trait("Category", "EndToEnd")]
[Collection(EndToEndCollection.Name)]
public sealed class AuditPageJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_admin_filters_the_trail_to_sign_ins_and_exports_exactly_those()
    {
        await using var app = new DashboardAppFactory(new Dictionary<string, string?> { ["Simulator:OperationSeconds"] = "0.3" });
        var url = app.StartOnKestrel();
        var worker = app.Services.GetRequiredService<SessionMonitor>().FindSession("spark-analytics")!.Machines[2];
        var stop = await app.Services.GetRequiredService<MachineCommands>().RunAsync(worker.Id, MachineAction.Stop, TestViewers.Admin);
        Assert.True(stop.Succeeded, stop.Message);
        await using var test = await browser.StartTestAsync(url);
        var page = await test.OpenSessionsAsync("admin@demo.test");

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Uri(url, "audit").ToString());
        await Expect(page.Locator("[data-audit-count]")).ToHaveAttributeAsync("data-audit-count", "3");
        await Expect(page.Locator("[data-action]")).ToHaveTextAsync(["SignIn", "Stop", "Stop"]);
        await Expect(page.Locator("[data-outcome]")).ToHaveTextAsync(["Succeeded", "Succeeded", "Started"]);
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "State history" })).ToBeVisibleAsync();

        await page.Locator("[data-filter='action']").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText("SignIn", new() { Exact = true }).ClickAsync();

        await Expect(page.Locator("[data-audit-count]")).ToHaveAttributeAsync("data-audit-count", "1");
        await Expect(page.Locator("[data-actor]")).ToHaveTextAsync(["admin@demo.test"]);
        var export = page.GetByRole(AriaRole.Link, new() { Name = "Export CSV" });
        await Expect(export).ToHaveAttributeAsync("href", "/audit.csv?action=SignIn");

        var response = await page.APIRequest.GetAsync("/audit.csv?action=SignIn");
        Assert.Equal(200, response.Status);
        var lines = (await response.TextAsync()).TrimEnd().Split("\r\n");
        Assert.Equal("at,actor,action,session,machine,outcome,error", lines[0]);
        Assert.EndsWith(",admin@demo.test,SignIn,,,Succeeded,", Assert.Single(lines[1..]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_student_has_no_audit_menu_and_is_refused_the_page_and_the_export()
    {
        await using var app = new DashboardAppFactory();
        var url = app.StartOnKestrel();
        await using var test = await browser.StartTestAsync(url);
        var page = await test.Context.NewPageAsync();
        await page.GotoAsync("/account/login?returnUrl=%2Faudit");
        await BrowserTest.SignInAsync(page, DemoData.Student(1));

        // The authorization middleware turns the student away before the page renders.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/denied"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Audit" })).ToHaveCountAsync(0);
        Assert.Equal(403, (await page.APIRequest.GetAsync("/audit.csv")).Status);
    }
}
