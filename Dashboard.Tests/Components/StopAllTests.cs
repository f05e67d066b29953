using Bunit;
using Dashboard.Components.Pages;
using Dashboard.Core.Domain;

namespace Dashboard.Tests.Components;

/// <summary>Stop All asks first, saying how many machines it touches, and does nothing when cancelled.</summary>
public sealed class StopAllTests : DashboardComponentTest
{
    private const string Pool = "[data-session='python-workshop']";

    [Fact]
    public async Task Confirming_stop_all_deallocates_every_machine_of_the_pool()
    {
        var page = RenderExpandedPool();

        var asking = Button(page, "Stop All", Pool).ClickAsync(new());
        await Dialogs.WaitForAssertionAsync(() => Assert.StartsWith("Stop 12 of 12 machines in python-workshop?",
            Dialogs.Find("[data-confirm-text]").TextContent.Trim()), Patience);
        await FinishesAsync(ButtonWithText(Dialogs, "Stop 12 machines").ClickAsync(new()), "confirming");
        await FinishesAsync(asking, "Stop All");

        Assert.All(Session("python-workshop").Machines, m => Assert.Equal(MachineState.Deallocated, m.State));
        await page.WaitForAssertionAsync(() =>
        {
            var states = page.FindAll($"{Pool} [data-state]").Select(s => s.GetAttribute("data-state")).ToList();
            Assert.Equal(12, states.Count);
            Assert.All(states, s => Assert.Equal("deallocated", s));
        }, Patience);
        Assert.Empty(Dialogs.FindAll("[data-confirm-text]"));
        Assert.True(IsDisabled(Button(page, "Stop All", Pool)), "nothing is left to stop");
    }

    [Fact]
    public async Task Cancelling_stop_all_changes_nothing()
    {
        var page = RenderExpandedPool();

        var asking = Button(page, "Stop All", Pool).ClickAsync(new());
        await Dialogs.WaitForAssertionAsync(() => Assert.Single(Dialogs.FindAll("[data-confirm-text]")), Patience);
        await FinishesAsync(ButtonWithText(Dialogs, "Cancel").ClickAsync(new()), "cancelling");
        await FinishesAsync(asking, "Stop All");

        Assert.Empty(Dialogs.FindAll("[data-confirm-text]"));
        Assert.All(Session("python-workshop").Machines, m =>
        {
            Assert.Equal(MachineState.Running, m.State);
            Assert.False(Core.Monitor.IsBusy(m.Id));
        });
        Assert.All(page.FindAll($"{Pool} [data-state]"), s => Assert.Equal("running", s.GetAttribute("data-state")));
        var actions = await Core.Store.RecentActionsAsync(50, CancellationToken.None);
        Assert.DoesNotContain(actions, a => a.SessionName == "python-workshop");
        Assert.False(IsDisabled(Button(page, "Stop All", Pool)));
    }

    private IRenderedComponent<Sessions> RenderExpandedPool()
    {
        var page = Render<Sessions>();
        Button(page, "Expand", Pool).Click();
        Assert.Equal(12, page.FindAll($"{Pool} [data-state='running']").Count);
        return page;
    }
}
