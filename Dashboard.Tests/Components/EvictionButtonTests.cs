using Bunit;
using Dashboard.Components.Sessions;
using Dashboard.Core.Domain;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Components;

/// <summary>Rehearsing an eviction asks first, naming what the machine's policy does to its disks.</summary>
public sealed class EvictionButtonTests : DashboardComponentTest
{
    [Fact]
    public async Task A_delete_policy_rehearsal_warns_that_the_vm_and_its_disks_are_deleted_and_cancel_does_nothing()
    {
        var node = Machine("genomics-hpc-compute-01");
        var cut = RenderEviction(node);

        var click = Button(cut, "Simulate eviction").ClickAsync(new());

        await Dialogs.WaitForAssertionAsync(() => Assert.Contains("the VM and its disks are deleted", Dialogs.Markup), Patience);
        await ButtonWithText(Dialogs, "Cancel").ClickAsync(new());
        await FinishesAsync(click, "the cancelled rehearsal");
        Assert.Equal(MachineState.Running, StateOf(node.Id));
        Assert.Null(Core.Monitor.FindMachine(node.Id)!.Operation);
    }

    [Fact]
    public async Task A_deallocate_policy_rehearsal_says_the_disks_are_kept_and_confirming_evicts_the_machine()
    {
        var worker = Core.Monitor.FindSession("spark-analytics")!.Machines.Last(m => m.IsSpot);
        var cut = RenderEviction(worker);

        var click = Button(cut, "Simulate eviction").ClickAsync(new());

        await Dialogs.WaitForAssertionAsync(() => Assert.Contains("its disks are kept", Dialogs.Markup), Patience);
        Assert.DoesNotContain("disks are deleted", Dialogs.Markup, StringComparison.Ordinal);
        await ButtonWithText(Dialogs, "Evict").ClickAsync(new());
        await FinishesAsync(click, "the rehearsal");
        await Eventually.TrueAsync(() => StateOf(worker.Id) == MachineState.Evicted, "the listing shows the eviction");
    }

    private IRenderedComponent<EvictionButton> RenderEviction(MachineView machine)
    {
        SignIn(TestViewers.Ops);
        return Render<EvictionButton>(p => p.Add(b => b.Machine, machine).AddCascadingValue(TestViewers.Ops));
    }
}
