using Dashboard.Core.Domain;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Core;

public sealed class ActionRulesTests
{
    private static readonly MachineAction[] Actions =
    [
        MachineAction.Start, MachineAction.Stop, MachineAction.Hibernate, MachineAction.Reboot,
        MachineAction.Snapshot, MachineAction.Delete, MachineAction.Connect,
    ];

    [Theory]
    //          state                      Start  Stop   Hibern Reboot Snap   Delete Connect
    [InlineData(MachineState.Creating,     false, false, false, false, false, false, false)]
    [InlineData(MachineState.Starting,     false, false, false, false, false, false, false)]
    [InlineData(MachineState.Running,      false, true,  true,  true,  true,  true,  true)]
    [InlineData(MachineState.Stopping,     false, false, false, false, false, false, false)]
    [InlineData(MachineState.Stopped,      true,  true,  false, false, true,  true,  false)]
    [InlineData(MachineState.Deallocating, false, false, false, false, false, false, false)]
    [InlineData(MachineState.Deallocated,  true,  false, false, false, true,  true,  false)]
    [InlineData(MachineState.Hibernated,   true,  false, false, false, true,  true,  false)]
    [InlineData(MachineState.Deleting,     false, false, false, false, false, false, false)]
    [InlineData(MachineState.Deleted,      false, false, false, false, false, false, false)]
    [InlineData(MachineState.Failed,       false, false, false, false, false, true,  false)]
    [InlineData(MachineState.Unknown,      false, false, false, false, false, true,  false)]
    public void A_regular_machine_offers_exactly_the_actions_its_state_allows(MachineState state,
        bool start, bool stop, bool hibernate, bool reboot, bool snapshot, bool delete, bool connect)
    {
        var machine = TestMachines.Regular(state, hibernation: true);

        AssertAllowed(machine, start, stop, hibernate, reboot, snapshot, delete, connect);
    }

    [Theory]
    //          policy                      Start  Stop   Hibern Reboot Snap   Delete Connect
    [InlineData(EvictionPolicy.Deallocate,  true,  false, false, false, true,  true,  false)]
    [InlineData(EvictionPolicy.Delete,      false, false, false, false, false, true,  false)]
    public void An_evicted_spot_machine_offers_what_its_eviction_policy_left(EvictionPolicy policy,
        bool start, bool stop, bool hibernate, bool reboot, bool snapshot, bool delete, bool connect)
    {
        var machine = TestMachines.Spot(MachineState.Evicted, policy);

        AssertAllowed(machine, start, stop, hibernate, reboot, snapshot, delete, connect);
    }

    [Fact]
    public void Every_refusal_comes_with_a_reason_and_every_permission_without_one()
    {
        var states = Enum.GetValues<MachineState>();
        var machines = states.Select(s => TestMachines.Regular(s)).Concat(states.Select(s => TestMachines.Spot(s)));

        Assert.All(machines.SelectMany(m => Actions.Select(a => ActionRules.Check(m, a))),
            check => Assert.Equal(check.Allowed, string.IsNullOrEmpty(check.Reason)));
    }

    [Fact]
    public void A_running_spot_machine_cannot_hibernate_because_azure_does_not_allow_it()
    {
        var check = ActionRules.Check(TestMachines.Spot(MachineState.Running), MachineAction.Hibernate);

        Assert.False(check.Allowed);
        Assert.Equal("Spot machines cannot hibernate on Azure.", check.Reason);
    }

    [Fact]
    public void A_running_machine_created_without_hibernation_cannot_hibernate()
    {
        var check = ActionRules.Check(TestMachines.Regular(MachineState.Running, hibernation: false), MachineAction.Hibernate);

        Assert.False(check.Allowed);
        Assert.Equal("Hibernation was not enabled when this machine was created.", check.Reason);
    }

    [Theory]
    [InlineData(MachineState.Creating, "creating")]
    [InlineData(MachineState.Starting, "starting")]
    [InlineData(MachineState.Stopping, "stopping")]
    [InlineData(MachineState.Deallocating, "deallocating")]
    public void A_machine_in_transition_asks_to_wait_whatever_the_action(MachineState state, string shown)
    {
        var machine = TestMachines.Regular(state, hibernation: true);

        Assert.All(Actions, action =>
            Assert.Equal($"Wait: the machine is {shown}.", ActionRules.Check(machine, action).Reason));
    }

    [Fact]
    public void A_machine_being_deleted_says_so_when_deleted_again_and_asks_to_wait_for_anything_else()
    {
        var machine = TestMachines.Regular(MachineState.Deleting);

        Assert.Equal("The machine is already being deleted.", ActionRules.Check(machine, MachineAction.Delete).Reason);
        Assert.Equal("Wait: the machine is deleting.", ActionRules.Check(machine, MachineAction.Start).Reason);
    }

    [Fact]
    public void A_spot_machine_evicted_with_the_delete_policy_cannot_start_because_it_no_longer_exists()
    {
        var check = ActionRules.Check(TestMachines.Spot(MachineState.Evicted, EvictionPolicy.Delete), MachineAction.Start);

        Assert.False(check.Allowed);
        Assert.Equal("This Spot machine was evicted with the Delete policy: it no longer exists.", check.Reason);
    }

    [Fact]
    public void A_spot_machine_evicted_with_the_deallocate_policy_can_start_again()
    {
        var check = ActionRules.Check(TestMachines.Spot(MachineState.Evicted, EvictionPolicy.Deallocate), MachineAction.Start);

        Assert.True(check.Allowed);
        Assert.Null(check.Reason);
    }

    [Fact]
    public void Starting_a_running_machine_is_refused_as_already_running()
    {
        var check = ActionRules.Check(TestMachines.Regular(MachineState.Running), MachineAction.Start);

        Assert.Equal("The machine is already running.", check.Reason);
    }

    [Theory]
    [InlineData(MachineState.Running, true)]
    [InlineData(MachineState.Stopped, true)]
    [InlineData(MachineState.Deallocated, false)]
    [InlineData(MachineState.Hibernated, false)]
    [InlineData(MachineState.Evicted, false)]
    [InlineData(MachineState.Stopping, false)]
    [InlineData(MachineState.Creating, false)]
    [InlineData(MachineState.Failed, false)]
    public void Stop_all_touches_only_machines_that_still_run(MachineState state, bool applies)
    {
        Assert.Equal(applies, ActionRules.AppliesTo(BatchAction.StopAll, TestMachines.Spot(state)));
    }

    [Theory]
    [InlineData(MachineState.Running, true)]
    [InlineData(MachineState.Deallocated, true)]
    [InlineData(MachineState.Hibernated, true)]
    [InlineData(MachineState.Evicted, true)]
    [InlineData(MachineState.Failed, true)]
    [InlineData(MachineState.Stopping, false)]
    [InlineData(MachineState.Creating, false)]
    [InlineData(MachineState.Deleting, false)]
    [InlineData(MachineState.Deleted, false)]
    public void Terminate_all_touches_every_machine_that_is_not_busy_or_already_gone(MachineState state, bool applies)
    {
        Assert.Equal(applies, ActionRules.AppliesTo(BatchAction.TerminateAll, TestMachines.Spot(state)));
    }

    [Fact]
    public void Batch_actions_run_stop_and_delete()
    {
        Assert.Equal(MachineAction.Stop, ActionRules.ActionOf(BatchAction.StopAll));
        Assert.Equal(MachineAction.Delete, ActionRules.ActionOf(BatchAction.TerminateAll));
    }

    private static void AssertAllowed(MachineView machine, params bool[] expected)
    {
        // Compared as one line per machine, so a failure shows every action that differs.
        static string Line(IEnumerable<(MachineAction Action, bool Allowed)> cells) =>
            string.Join(", ", cells.Select(c => $"{c.Action}={(c.Allowed ? "yes" : "no")}"));

        Assert.Equal(
            Line(Actions.Zip(expected)),
            Line(Actions.Select(a => (a, ActionRules.Check(machine, a).Allowed))));
    }
}
