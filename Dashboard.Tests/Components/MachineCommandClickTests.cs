using Bunit;
using Dashboard.Components.Sessions;
using Dashboard.Core.Domain;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Components;

/// <summary>A button click runs the real command against the simulated cloud.</summary>
public sealed class MachineCommandClickTests : DashboardComponentTest
{
    [Fact]
    public async Task Clicking_stop_on_a_worker_deallocates_it_and_disables_every_button_but_connect_meanwhile()
    {
        var worker = Machine("spark-analytics-worker-01");
        var cut = RenderActions(worker);

        var click = Button(cut, "Stop").ClickAsync(new());

        // Connect stays open: looking up how to reach a machine never interferes with a command on it.
        await cut.WaitForAssertionAsync(() =>
            Assert.All(cut.FindAll("button").Where(b => b.GetAttribute("aria-label") != "Connect"),
                b => Assert.True(IsDisabled(b), b.GetAttribute("aria-label"))), Patience);
        Assert.False(click.IsCompleted, "the command should still be running");
        await Eventually.TrueAsync(
            () => CloudState(worker) is MachineState.Stopping or MachineState.Deallocating or MachineState.Deallocated,
            "the simulated cloud reports the worker stopping");

        await FinishesAsync(click, "the Stop command");

        Assert.Equal(MachineState.Deallocated, CloudState(worker));
        Assert.Equal(MachineState.Deallocated, StateOf(worker.Id));
        await Snackbars.WaitForAssertionAsync(() =>
            Assert.Contains($"{worker.Name} is stopped and deallocated", Snackbars.Markup), Patience);
        cut.Render(p => p.Add(a => a.Machine, Core.Monitor.FindMachine(worker.Id)!));
        Assert.False(IsDisabled(Button(cut, "Start")));
        Assert.True(IsDisabled(Button(cut, "Stop")));
    }

    private MachineState? CloudState(MachineView machine) =>
        Core.Cloud.ListAsync(CancellationToken.None).GetAwaiter().GetResult().SingleOrDefault(s => s.CloudId == machine.CloudId)?.State;
}
