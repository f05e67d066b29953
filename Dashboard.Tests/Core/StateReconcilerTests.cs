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

        var decision = StateReconciler.Decide(machine, TestMachines.Listed(machine, listed));

        Assert.Equal(new StateDecision(MachineState.Evicted, StateChangeCause.Eviction), decision);
    }

    [Fact]
    public void A_running_spot_machine_with_the_delete_policy_that_vanishes_was_evicted()
    {
        var machine = TestMachines.Spot(MachineState.Running, EvictionPolicy.Delete);

        var decision = StateReconciler.Decide(machine, status: null);

        Assert.Equal(new StateDecision(MachineState.Evicted, StateChangeCause.Eviction), decision);
    }

    [Fact]
    public void A_regular_machine_that_vanishes_was_deleted_in_the_cloud()
    {
        var machine = TestMachines.Regular(MachineState.Running);

        var decision = StateReconciler.Decide(machine, status: null);

        Assert.Equal(new StateDecision(MachineState.Deleted, StateChangeCause.Cloud), decision);
    }

    [Fact]
    public void A_regular_machine_stopped_outside_the_dashboard_shows_the_state_the_cloud_reports()
    {
        var machine = TestMachines.Regular(MachineState.Running);

        var decision = StateReconciler.Decide(machine, TestMachines.Listed(machine, MachineState.Deallocated));

        Assert.Equal(new StateDecision(MachineState.Deallocated, StateChangeCause.Cloud), decision);
    }

    [Fact]
    public void A_spot_machine_someone_stopped_on_purpose_is_not_taken_for_evicted()
    {
        var machine = TestMachines.Spot(MachineState.Deallocated);

        Assert.Null(StateReconciler.Decide(machine, TestMachines.Listed(machine, MachineState.Deallocated)));
    }

    private static TrackedOperation Tracked(string name, MachineState before, MachineState? expected) =>
        new(new MachineOperation(name, "someone@example.test", DateTimeOffset.UnixEpoch, before), expected, DateTimeOffset.MaxValue);

    [Fact]
    public void While_an_operation_is_in_flight_the_cloud_still_reporting_the_state_from_before_is_ignored()
    {
        var machine = TestMachines.Regular(MachineState.Stopping);

        var verdict = StateReconciler.Judge(machine, TestMachines.Listed(machine, MachineState.Running),
            Tracked("Stop", MachineState.Running, MachineState.Deallocated));

        Assert.Equal(VerdictKind.Keep, verdict.Kind);
    }

    [Fact]
    public void While_an_operation_is_in_flight_the_cloud_moving_on_is_shown_as_part_of_the_action()
    {
        var machine = TestMachines.Spot(MachineState.Stopping);

        var verdict = StateReconciler.Judge(machine, TestMachines.Listed(machine, MachineState.Deallocating),
            Tracked("Stop", MachineState.Running, MachineState.Deallocated));

        Assert.Equal(new OperationVerdict(VerdictKind.Show, MachineState.Deallocating), verdict);
    }

    [Fact]
    public void An_operation_ends_when_the_listing_shows_its_end_state_and_a_spot_machine_reads_as_stopped_not_evicted()
    {
        var machine = TestMachines.Spot(MachineState.Deallocating);

        var verdict = StateReconciler.Judge(machine, TestMachines.Listed(machine, MachineState.Deallocated),
            Tracked("Stop", MachineState.Running, MachineState.Deallocated));

        Assert.Equal(new OperationVerdict(VerdictKind.Done, MachineState.Deallocated), verdict);
    }

    [Fact]
    public void A_start_that_the_cloud_accepted_but_then_dropped_fails_in_plain_words()
    {
        var machine = TestMachines.Regular(MachineState.Starting);
        var tracked = Tracked("Start", MachineState.Deallocated, MachineState.Running);

        StateReconciler.Judge(machine, TestMachines.Listed(machine, MachineState.Starting), tracked);
        var verdict = StateReconciler.Judge(machine, TestMachines.Listed(machine, MachineState.Deallocated), tracked);

        Assert.Equal(VerdictKind.Failed, verdict.Kind);
        Assert.Equal(MachineState.Deallocated, verdict.State);
        Assert.Contains("did not complete", verdict.Error);
    }

    [Fact]
    public void A_retry_is_not_failed_by_the_last_attempts_reason_still_listed_until_the_cloud_shows_it_under_way()
    {
        var machine = TestMachines.Regular(MachineState.Creating);
        var stale = TestMachines.Listed(machine, MachineState.Failed) with { Problem = "No Spot capacity (AllocationFailed).", ProblemSince = DateTimeOffset.UnixEpoch };
        var tracked = Tracked("Retry", MachineState.Failed, MachineState.Running);

        Assert.Equal(VerdictKind.Keep, StateReconciler.Judge(machine, stale, tracked).Kind);

        StateReconciler.Judge(machine, TestMachines.Listed(machine, MachineState.Creating), tracked);
        var failedAgain = StateReconciler.Judge(machine, stale with { ProblemSince = DateTimeOffset.UnixEpoch.AddSeconds(1) }, tracked);
        Assert.Equal(VerdictKind.Failed, failedAgain.Kind);
        Assert.Contains("AllocationFailed", failedAgain.Error);
    }

    [Fact]
    public void A_creation_the_cloud_reports_failed_ends_failed_with_the_clouds_reason()
    {
        var machine = TestMachines.Regular(MachineState.Creating);
        var listed = TestMachines.Listed(machine, MachineState.Deallocated) with { Problem = "Azure has no capacity for vm right now (AllocationFailed).", ProblemSince = DateTimeOffset.UnixEpoch };

        var verdict = StateReconciler.Judge(machine, listed, Tracked("Create", MachineState.Creating, MachineState.Running));

        Assert.Equal(VerdictKind.Failed, verdict.Kind);
        Assert.Equal(MachineState.Failed, verdict.State);
        Assert.Contains("AllocationFailed", verdict.Error);
    }

    [Fact]
    public void A_reboot_never_ends_by_the_listing_its_caller_ends_it()
    {
        var machine = TestMachines.Regular(MachineState.Starting);

        var verdict = StateReconciler.Judge(machine, TestMachines.Listed(machine, MachineState.Running),
            Tracked("Reboot", MachineState.Running, expected: null));

        Assert.Equal(VerdictKind.Keep, verdict.Kind);
    }

    [Theory]
    [InlineData("Start", MachineState.Starting)]
    [InlineData("Delete", MachineState.Deleting)]
    public void While_an_evicted_machine_is_acted_on_the_cloud_still_reporting_it_deallocated_is_ignored(
        string operation, MachineState shown)
    {
        // To the cloud an evicted machine is just deallocated: that is its state from before the operation.
        var machine = TestMachines.Spot(shown, EvictionPolicy.Deallocate);
        var expected = operation == "Start" ? MachineState.Running : MachineState.Deleted;

        var verdict = StateReconciler.Judge(machine, TestMachines.Listed(machine, MachineState.Deallocated),
            Tracked(operation, MachineState.Evicted, expected));

        Assert.Equal(VerdictKind.Keep, verdict.Kind);
    }

    [Fact]
    public void A_machine_being_created_that_the_cloud_does_not_list_yet_stays_creating()
    {
        var machine = TestMachines.Regular(MachineState.Creating);

        var verdict = StateReconciler.Judge(machine, status: null, Tracked("Create", MachineState.Creating, MachineState.Running));

        Assert.Equal(VerdictKind.Keep, verdict.Kind);
    }

    [Fact]
    public void A_machine_being_deleted_that_the_cloud_no_longer_lists_is_deleted_as_asked()
    {
        var machine = TestMachines.Spot(MachineState.Deleting, EvictionPolicy.Delete);

        var verdict = StateReconciler.Judge(machine, status: null, Tracked("Delete", MachineState.Running, MachineState.Deleted));

        Assert.Equal(new OperationVerdict(VerdictKind.Done, MachineState.Deleted), verdict);
    }

    [Fact]
    public void A_failed_machine_missing_from_the_cloud_stays_failed_so_the_user_can_see_it()
    {
        var machine = TestMachines.Regular(MachineState.Failed);

        Assert.Null(StateReconciler.Decide(machine, status: null));
    }

    [Theory]
    [InlineData(MachineState.Deallocating)]
    [InlineData(MachineState.Deallocated)]
    public void An_evicted_machine_stays_evicted_while_the_cloud_keeps_it_deallocated(MachineState listed)
    {
        var machine = TestMachines.Spot(MachineState.Evicted, EvictionPolicy.Deallocate);

        Assert.Null(StateReconciler.Decide(machine, TestMachines.Listed(machine, listed)));
    }

    [Fact]
    public void An_evicted_machine_with_the_delete_policy_stays_evicted_once_gone()
    {
        var machine = TestMachines.Spot(MachineState.Evicted, EvictionPolicy.Delete);

        Assert.Null(StateReconciler.Decide(machine, status: null));
    }

    [Fact]
    public void An_evicted_machine_started_outside_the_dashboard_shows_running()
    {
        var machine = TestMachines.Spot(MachineState.Evicted, EvictionPolicy.Deallocate);

        var decision = StateReconciler.Decide(machine, TestMachines.Listed(machine, MachineState.Running));

        Assert.Equal(new StateDecision(MachineState.Running, StateChangeCause.Cloud), decision);
    }
}
