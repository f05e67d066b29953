using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Core;

public sealed class StateReconcilerTests
{
    [Theory]
    [InlineData(MachineState.Deallocating)]
    [InlineData(MachineState.Deallocated)]
    public void A_running_spot_machine_that_deallocates_unasked_was_evicted(MachineState listed)
    {
        var machine = TestMachines.Spot(MachineState.Running, EvictionPolicy.Deallocate);

        var decision = StateReconciler.Decide(machine, TestMachines.Listed(machine, listed), pending: null);

        Assert.Equal(new StateDecision(MachineState.Evicted, StateChangeCause.Eviction), decision);
    }

    [Fact]
    public void A_running_spot_machine_with_the_delete_policy_that_vanishes_was_evicted()
    {
        var machine = TestMachines.Spot(MachineState.Running, EvictionPolicy.Delete);

        var decision = StateReconciler.Decide(machine, status: null, pending: null);

        Assert.Equal(new StateDecision(MachineState.Evicted, StateChangeCause.Eviction), decision);
    }

    [Fact]
    public void A_regular_machine_that_vanishes_was_deleted_in_the_cloud()
    {
        var machine = TestMachines.Regular(MachineState.Running);

        var decision = StateReconciler.Decide(machine, status: null, pending: null);

        Assert.Equal(new StateDecision(MachineState.Deleted, StateChangeCause.Cloud), decision);
    }

    [Fact]
    public void A_regular_machine_stopped_outside_the_dashboard_shows_the_state_the_cloud_reports()
    {
        var machine = TestMachines.Regular(MachineState.Running);

        var decision = StateReconciler.Decide(machine, TestMachines.Listed(machine, MachineState.Deallocated), pending: null);

        Assert.Equal(new StateDecision(MachineState.Deallocated, StateChangeCause.Cloud), decision);
    }

    [Fact]
    public void A_spot_machine_someone_stopped_on_purpose_is_not_taken_for_evicted()
    {
        var machine = TestMachines.Spot(MachineState.Deallocated);

        Assert.Null(StateReconciler.Decide(machine, TestMachines.Listed(machine, MachineState.Deallocated), pending: null));
    }

    [Fact]
    public void While_an_operation_is_pending_the_cloud_still_reporting_the_state_from_before_is_ignored()
    {
        var machine = TestMachines.Regular(MachineState.Stopping);
        var pending = new PendingOperation("Stop", MachineState.Running);

        var decision = StateReconciler.Decide(machine, TestMachines.Listed(machine, MachineState.Running), pending);

        Assert.Null(decision);
    }

    [Fact]
    public void While_an_operation_is_pending_the_cloud_moving_on_is_shown_as_part_of_the_action()
    {
        var machine = TestMachines.Spot(MachineState.Stopping);
        var pending = new PendingOperation("Stop", MachineState.Running);

        var decision = StateReconciler.Decide(machine, TestMachines.Listed(machine, MachineState.Deallocating), pending);

        Assert.Equal(new StateDecision(MachineState.Deallocating, StateChangeCause.Action), decision);
    }

    [Theory]
    [InlineData("Start", MachineState.Starting)]
    [InlineData("Delete", MachineState.Deleting)]
    public void While_an_evicted_machine_is_acted_on_the_cloud_still_reporting_it_deallocated_is_ignored(
        string operation, MachineState shown)
    {
        // To the cloud an evicted machine is just deallocated: that is its state from before the operation.
        var machine = TestMachines.Spot(shown, EvictionPolicy.Deallocate);
        var pending = new PendingOperation(operation, MachineState.Evicted);

        var decision = StateReconciler.Decide(machine, TestMachines.Listed(machine, MachineState.Deallocated), pending);

        Assert.Null(decision);
    }

    [Fact]
    public void A_machine_being_created_that_the_cloud_does_not_list_yet_stays_creating()
    {
        var machine = TestMachines.Regular(MachineState.Creating);

        Assert.Null(StateReconciler.Decide(machine, status: null, new PendingOperation("Create", MachineState.Creating)));
    }

    [Fact]
    public void A_machine_being_deleted_that_the_cloud_no_longer_lists_is_deleted_as_asked()
    {
        var machine = TestMachines.Spot(MachineState.Deleting, EvictionPolicy.Delete);

        var decision = StateReconciler.Decide(machine, status: null, new PendingOperation("Delete", MachineState.Running));

        Assert.Equal(new StateDecision(MachineState.Deleted, StateChangeCause.Action), decision);
    }

    [Fact]
    public void A_failed_machine_missing_from_the_cloud_stays_failed_so_the_user_can_see_it()
    {
        var machine = TestMachines.Regular(MachineState.Failed);

        Assert.Null(StateReconciler.Decide(machine, status: null, pending: null));
    }

    [Theory]
    [InlineData(MachineState.Deallocating)]
    [InlineData(MachineState.Deallocated)]
    public void An_evicted_machine_stays_evicted_while_the_cloud_keeps_it_deallocated(MachineState listed)
    {
        var machine = TestMachines.Spot(MachineState.Evicted, EvictionPolicy.Deallocate);

        Assert.Null(StateReconciler.Decide(machine, TestMachines.Listed(machine, listed), pending: null));
    }

    [Fact]
    public void An_evicted_machine_with_the_delete_policy_stays_evicted_once_gone()
    {
        var machine = TestMachines.Spot(MachineState.Evicted, EvictionPolicy.Delete);

        Assert.Null(StateReconciler.Decide(machine, status: null, pending: null));
    }

    [Fact]
    public void An_evicted_machine_started_outside_the_dashboard_shows_running()
    {
        var machine = TestMachines.Spot(MachineState.Evicted, EvictionPolicy.Deallocate);

        var decision = StateReconciler.Decide(machine, TestMachines.Listed(machine, MachineState.Running), pending: null);

        Assert.Equal(new StateDecision(MachineState.Running, StateChangeCause.Cloud), decision);
    }
}
