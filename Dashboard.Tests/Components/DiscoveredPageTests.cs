using Bunit;
using Dashboard.Components.Discovery;
using Dashboard.Core.Cloud;
using Dashboard.Core.Discovery;
using Dashboard.Core.Domain;
using Dashboard.Core.Setup;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Components;

/// <summary>The admin's discovered-machines page: live from the latest listing, and adopting through MachineAdoption.</summary>
public sealed class DiscoveredPageTests : DashboardComponentTest
{
    private DiscoveredMachines Discovered => Core.Services.GetRequiredService<DiscoveredMachines>();

    private IRenderedComponent<DiscoveredPage> RenderPage()
    {
        SignIn(TestViewers.Admin);
        return Render<DiscoveredPage>();
    }

    [Fact]
    public async Task A_new_listing_shows_on_the_open_page_and_the_admin_adopts_it_with_an_owner()
    {
        var page = RenderPage();
        Assert.NotNull(page.Find("[data-discovered-empty]"));

        // A machine made beside the dashboard, with its tags, as a script would.
        await Core.Cloud.CreateAsync(new CloudMachineSpec("script-01", "Standard_B2s", "Canonical:ubuntu-24_04-lts:server:latest",
            MachinePriority.Regular, null, false, new Dictionary<string, string> { [CloudTags.Session] = "scripted", [CloudTags.Role] = "PoolMember" }),
            CancellationToken.None);

        await page.WaitForAssertionAsync(() => Assert.Equal("running", page.Find("tr[data-discovered='script-01']").GetAttribute("data-state")), Patience);
        Assert.Null(Core.Monitor.FindSession("scripted"));
        page.FindAll("[data-discovered-group='scripted'] input[type='text'], [data-discovered-group='scripted'] input:not([type])")[1].Change(DemoData.Instructor);
        page.Find("button[aria-label='Adopt \"scripted\"']").Click();

        await page.WaitForAssertionAsync(() => Assert.Contains("Adopted 1 machine(s) into scripted", page.Find("[data-adopt-result]").TextContent, StringComparison.Ordinal), Patience);
        Assert.Equal(DemoData.Instructor, Core.Monitor.FindSession("scripted")!.Owner);
        Assert.Empty(Discovered.Current);
    }
}
