using Dashboard.Tests.Support;
using Bunit;
using Dashboard.Components.Sessions;
using Dashboard.Core.Domain;

namespace Dashboard.Tests.Components;

/// <summary>Which per-machine buttons are enabled, and why not, for machines the live monitor publishes.</summary>
public sealed class MachineActionsTests : DashboardComponentTest
{
    [Fact]
    public void A_running_regular_machine_can_do_everything_but_start()
    {
        var machine = Machine("python-workshop-01");
        Assert.False(machine.IsSpot);

        var cut = RenderActions(machine);

        Assert.True(IsDisabled(Button(cut, "Start")));
        Assert.All(["Stop", "Hibernate", "Reboot", "Snapshot", "Delete", "Connect"],
            label => Assert.False(IsDisabled(Button(cut, label)), $"{label} should be enabled"));
    }

    [Fact]
    public async Task A_spot_worker_cannot_hibernate_and_its_tooltip_says_why()
    {
        var worker = Machine("spark-analytics-worker-03");
        Assert.True(worker.IsSpot);
        const string reason = "Spot machines cannot hibernate on Azure.";
        Assert.Equal(reason, ActionRules.Check(worker, MachineAction.Hibernate).Reason);

        var cut = RenderActions(worker);
        var hibernate = Button(cut, "Hibernate");

        Assert.True(IsDisabled(hibernate));
        Assert.False(IsDisabled(Button(cut, "Stop")));
        // A tooltip renders its text only while it is shown; hovering its wrapper shows it, as in a browser.
        Assert.DoesNotContain(reason, Popovers.Markup);
        await hibernate.Closest(".mud-tooltip-root")!.PointerEnterAsync(new());
        await Popovers.WaitForAssertionAsync(() => Assert.Equal(reason, Popovers.Find(".mud-popover-open").TextContent.Trim()), Patience);
    }

    [Fact]
    public async Task A_deallocated_machine_can_start_but_not_stop()
    {
        var id = Machine("python-workshop-02").Id;
        var stopped = await Core.Commands.RunAsync(id, MachineAction.Stop, TestViewers.Admin);
        Assert.True(stopped.Succeeded, stopped.Message);
        var machine = Core.Monitor.FindMachine(id)!;
        Assert.Equal(MachineState.Deallocated, machine.State);

        var cut = RenderActions(machine);

        Assert.False(IsDisabled(Button(cut, "Start")));
        Assert.True(IsDisabled(Button(cut, "Stop")));
        Assert.All(["Hibernate", "Reboot", "Connect"], label => Assert.True(IsDisabled(Button(cut, label)), $"{label} should be disabled"));
        Assert.All(["Snapshot", "Delete"], label => Assert.False(IsDisabled(Button(cut, label)), $"{label} should be enabled"));
    }
}
