using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.Persistence;
using Dashboard.Core.Sessions;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

/// <summary>A 500-machine pool in the browser: a virtualized grid that stays small, and one busy truth for every viewer.</summary>
[Trait("Category", "EndToEnd")]
[Collection(EndToEndCollection.Name)]
public sealed class LargeSessionTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Pool = "big-class";
    private const string Target = $"{Pool}-450";
    private const int DomBudget = 5_000;

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Simulator:OperationSeconds"] = "1",
        ["Cloud:Limits:Writes:Burst"] = "1000",
        ["Cloud:Limits:Writes:PerSecond"] = "1000",
        ["Cloud:Limits:Deletes:Burst"] = "1000",
        ["Cloud:Limits:Deletes:PerSecond"] = "1000",
        ["Cloud:Limits:Reads:Burst"] = "1000",
        ["Cloud:Limits:Reads:PerSecond"] = "1000",
    };

    [Fact]
    public async Task Machine_450_of_a_500_machine_pool_is_scrolled_to_and_stopped_while_a_second_viewer_sees_it_busy()
    {
        await using var app = new DashboardAppFactory(Settings);
        var url = app.StartOnKestrel();
        await CreateRunningPoolAsync(app, 500);
        await using var instructorTest = await browser.StartTestAsync(url);
        await using var adminTest = await browser.StartTestAsync(url, test: "Second_viewer_of_machine_450");
        var instructor = new SessionsPage(await instructorTest.OpenSessionsAsync());
        var admin = new SessionsPage(await adminTest.OpenSessionsAsync("admin@demo.test"));

        await instructor.ExpandAsync(Pool);
        await Expect(instructor.Session(Pool).Locator("[data-group=\"PoolMember\"]")).ToHaveTextAsync("pool members 500: 500 running");
        await AssertWithinDomBudgetAsync(instructor.Page);
        await SaveScreenshotAsync(instructor.Page, "large-session.png");
        await admin.ExpandAsync(Pool);

        await ScrollUntilRenderedAsync(instructor, Target);
        await ScrollUntilRenderedAsync(admin, Target);
        await AssertWithinDomBudgetAsync(instructor.Page);

        await SessionsPage.Button(instructor.Machine(Target), "Stop").ClickAsync();

        // The admin clicked nothing: the live picture disables the button there too.
        await Expect(admin.StateOf(Target, "stopping")).ToBeVisibleAsync();
        await Expect(SessionsPage.Button(admin.Machine(Target), "Stop")).ToBeDisabledAsync();
        await Expect(instructor.StateOf(Target, "deallocated")).ToBeVisibleAsync();
        await Expect(admin.StateOf(Target, "deallocated")).ToBeVisibleAsync();
        await Expect(SessionsPage.Button(admin.Machine(Target), "Start")).ToBeEnabledAsync();
        await Expect(instructor.Session(Pool).Locator("[data-count=\"all\"]")).ToHaveTextAsync("machines 499/500 running");
        Assert.Equal(MachineState.Deallocated, app.Services.GetRequiredService<SessionMonitor>().FindSession(Pool)!
            .Machines.Single(m => m.Name == Target).State);
    }

    private static async Task CreateRunningPoolAsync(DashboardAppFactory app, int count)
    {
        var formations = await app.Services.GetRequiredService<SessionStore>().GetFormationsAsync(CancellationToken.None);
        var formation = formations.Single(f => f.Kind == FormationKind.MachinePool);
        var request = new CreateSessionRequest { FormationId = formation.Id, Name = Pool, Count = count, Size = formation.Size };
        var result = await app.Services.GetRequiredService<SessionProvisioner>().CreateAsync(request, TestViewers.Instructor, CancellationToken.None);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        var monitor = app.Services.GetRequiredService<SessionMonitor>();
        await Eventually.TrueAsync(() => monitor.FindSession(Pool)!.Machines.All(m => m.State == MachineState.Running),
            $"all {count} machines of {Pool} run", TimeSpan.FromMinutes(2));
    }

    /// <summary>Scrolls the session's grid to where the machine's row sits until the virtualized grid has rendered it.</summary>
    private static async Task ScrollUntilRenderedAsync(SessionsPage page, string machine)
    {
        var grid = page.Session(Pool).Locator(".machine-grid");
        // The page is taller than the window (the four demo cards above it): scroll the page to the grid first, as a
        // person would, then the grid to the row.
        await grid.ScrollIntoViewIfNeededAsync();
        var ordinal = int.Parse(machine[(Pool.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        await Eventually.TrueAsync(async () =>
        {
            if (await page.Machine(machine).CountAsync() > 0)
                return true;
            // One line for the group summary, then the members in order.
            await grid.EvaluateAsync("(g, row) => g.scrollTop = row * 36 - g.clientHeight / 2", ordinal);
            return false;
        }, $"{machine} is rendered in the grid", TimeSpan.FromSeconds(30));
        await Expect(page.Machine(machine)).ToBeInViewportAsync();
    }

    private static async Task AssertWithinDomBudgetAsync(IPage page)
    {
        var nodes = await page.EvaluateAsync<int>("() => document.getElementsByTagName('*').length");
        Assert.True(nodes <= DomBudget, $"the page holds {nodes} elements; the budget is {DomBudget}");
    }

    private static async Task SaveScreenshotAsync(IPage page, string name)
    {
        await page.Mouse.MoveAsync(0, 0);
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        var path = Artifacts.Screenshot(name);
        File.Delete(path);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
    }
}
