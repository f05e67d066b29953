using Dashboard.Core.Live;
using Dashboard.Core.Setup;
using Dashboard.Tests.EndToEnd;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Connect;

/// <summary>The machine page in Chromium, signed in through the real form: who sees what, and the connect options.</summary>
[Trait("Category", "EndToEnd")]
[Collection(EndToEndCollection.Name)]
public sealed class MachinePageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_student_opening_another_students_machine_sees_the_same_words_as_for_no_machine_and_no_details()
    {
        await using var app = new DashboardAppFactory();
        await using var test = await browser.StartTestAsync(app.StartOnKestrel());

        // The address first: the sign-in form brings the student back to it.
        var page = await OpenSignedInAsync(test, DemoData.Student(3), "/machines/python-workshop-04");

        await Expect(page.Locator("[data-machine-missing]")).ToHaveTextAsync("There is no machine named python-workshop-04.");
        await Expect(page.Locator("[data-machine-page]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-connect]")).ToHaveCountAsync(0);
        Assert.DoesNotContain("python-workshop-04.sim.internal", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Standard_B2s", await page.Locator("main, .mud-main-content").First.InnerTextAsync(), StringComparison.Ordinal);

        await page.GotoAsync("/machines/python-workshop-99");
        await Expect(page.Locator("[data-machine-missing]")).ToHaveTextAsync("There is no machine named python-workshop-99.");
    }

    [Fact]
    public async Task A_student_follows_the_link_to_their_machine_and_copies_its_ssh_command()
    {
        await using var app = new DashboardAppFactory();
        await using var test = await browser.StartTestAsync(app.StartOnKestrel());
        var sessions = new SessionsPage(await OpenSignedInAsync(test, DemoData.Student(3), "/"));
        await sessions.ExpandAsync("python-workshop");

        await sessions.Machine("python-workshop-03").GetByRole(AriaRole.Link, new() { Name = "python-workshop-03" }).ClickAsync();

        var page = sessions.Page;
        await Expect(page.Locator("[data-machine-page=\"python-workshop-03\"]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-fact=\"size\"]")).ToHaveTextAsync("Standard_B2s");
        await Expect(page.Locator("[data-state]").First).ToHaveAttributeAsync("data-state", "running");
        var ssh = page.Locator("[data-connect=\"ssh\"]");
        await Expect(ssh.Locator("input")).ToHaveValueAsync("ssh azureuser@python-workshop-03.sim.internal");
        await Expect(page.Locator("[data-connect=\"rdp\"], [data-connect=\"browser\"]")).ToHaveCountAsync(0);

        // Headless Chromium may or may not grant clipboard access: either way the person is told what happened.
        await ssh.GetByRole(AriaRole.Button, new() { Name = "Copy SSH command" }).ClickAsync();
        await Expect(page.GetByText("Command copied.").Or(ssh.Locator("[data-copy-hint]"))).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_owner_sees_the_rdp_download_and_the_browser_link_of_the_windows_target_live()
    {
        await using var app = new DashboardAppFactory();
        await using var test = await browser.StartTestAsync(app.StartOnKestrel());
        var page = await test.OpenSessionsAsync(DemoData.Instructor);
        var target = app.Services.GetRequiredService<SessionMonitor>().FindSession("desktop-lab")!.Machines.Single(m => m.Name == "desktop-lab-target");

        await page.GotoAsync("/machines/desktop-lab-target");

        var rdp = page.Locator("[data-connect=\"rdp\"] a");
        await Expect(rdp).ToHaveAttributeAsync("href", $"/machines/{target.Id}/connect.rdp");
        var download = await page.RunAndWaitForDownloadAsync(() => rdp.ClickAsync());
        Assert.Equal("desktop-lab-target.rdp", download.SuggestedFilename);
        var browserLink = page.Locator("[data-connect=\"browser\"] a");
        await Expect(browserLink).ToHaveAttributeAsync("href", "https://desktop-lab-proxy.sim.internal/guacamole/#/client/desktop-lab-target");
        await Expect(browserLink).ToHaveAttributeAsync("target", "_blank");
        await Expect(browserLink).ToHaveAttributeAsync("rel", "noopener");
        await Expect(page.Locator("[data-connect=\"ssh\"]")).ToHaveCountAsync(0);

        // Stopped from the page itself: the state goes by live and the connect options give way to the reason.
        await SessionsPage.Button(page.Locator("[data-machine-page]"), "Stop").ClickAsync();
        await Expect(page.Locator("[data-machine-page] [data-state=\"deallocated\"]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-connect]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-connect-unavailable]")).ToContainTextAsync("Only a running machine can be connected to");
    }

    /// <summary>
    /// Signs in through the real form on the way to <paramref name="path"/>. Students land on their own page after a
    /// plain sign-in, so the sessions page is opened afterwards when that is the destination.
    /// </summary>
    private static async Task<IPage> OpenSignedInAsync(BrowserTest test, string user, string path)
    {
        var page = await test.Context.NewPageAsync();
        await page.GotoAsync(path);
        await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
        await BrowserTest.SignInAsync(page, user);
        if (path == "/")
        {
            await page.GotoAsync("/");
            await page.Locator("[data-session]").First.WaitForAsync();
        }

        return page;
    }
}
