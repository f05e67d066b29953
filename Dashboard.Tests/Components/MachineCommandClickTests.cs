using Bunit;
using Dashboard.Components.Sessions;
using Dashboard.Core.Domain;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Components;

/// <summary>A button click runs the real command against the simulated cloud.</summary>
public sealed class MachineCommandClickTests : DashboardComponentTest
{
    [Fact]
    public async Task Clicking_stop_on_a_worker_deallocates_it_and_disables_the_buttons_meanwhile()
    {
        var worker = Machine("spark-analytics-worker-01");
        var cut = Render<MachineActions>(p => p.Add(a => a.Machine, worker));

        var click = Button(cut, "Stop").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.All(cut.FindAll("button"), b => Assert.True(IsDisabled(b), b.GetAttribute("aria-label"))), Patience);
        Assert.False(click.IsCompleted, "the command should still be running");
        await Eventually.TrueAsync(() => CloudState(worker) is MachineState.Stopping or MachineState.Deallocating,
            "the simulated cloud reports the worker stopping");

        await click;

        Assert.Equal(MachineState.Deallocated, CloudState(worker));
        Assert.Equal(MachineState.Deallocated, StateOf(worker.Id));
        cut.Render(p => p.Add(a => a.Machine, Core.Monitor.FindMachine(worker.Id)!));
        Assert.False(IsDisabled(Button(cut, "Start")));
        Assert.True(IsDisabled(Button(cut, "Stop")));
    }

    private MachineState? CloudState(MachineView machine) =>
        Core.Cloud.ListAsync(CancellationToken.None).Result.SingleOrDefault(s => s.CloudId == machine.CloudId)?.State;
}
