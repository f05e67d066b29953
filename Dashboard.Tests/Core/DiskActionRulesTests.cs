using Dashboard.Core.Cloud.Azure;
using Dashboard.Core.Domain;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Core;

/// <summary>When restore, reimage and a copy from a snapshot are offered, and why not.</summary>
public sealed class DiskActionRulesTests
{
    [Theory]
    [InlineData(MachineState.Running, true)]
    [InlineData(MachineState.Stopped, true)]
    [InlineData(MachineState.Deallocated, true)]
    [InlineData(MachineState.Hibernated, false)]
    [InlineData(MachineState.Starting, false)]
    [InlineData(MachineState.Updating, false)]
    [InlineData(MachineState.Failed, false)]
    public void Restore_and_reimage_are_offered_to_a_pool_member_at_rest_or_running(MachineState state, bool allowed)
    {
        var machine = TestMachines.Regular(state) with { Role = MachineRole.PoolMember };

        Assert.Equal(allowed, ActionRules.Check(machine, MachineAction.Restore).Allowed);
        Assert.Equal(allowed, ActionRules.Check(machine, MachineAction.Reimage).Allowed);
    }

    [Fact]
    public void A_hibernated_machine_says_why_its_disk_cannot_be_replaced() =>
        Assert.Equal("A hibernated machine keeps its memory on its OS disk, so it cannot be restored: start it first.",
            ActionRules.Check(TestMachines.Regular(MachineState.Hibernated), MachineAction.Restore).Reason);

    [Fact]
    public void Updating_is_transitional_and_holds_back_every_other_action()
    {
        var machine = TestMachines.Regular(MachineState.Updating);

        Assert.True(ActionRules.IsTransitional(MachineState.Updating));
        Assert.Equal("Wait: the machine is updating.", ActionRules.Check(machine, MachineAction.Stop).Reason);
    }

    [Theory]
    [InlineData(MachineRole.PoolMember, true)]
    [InlineData(MachineRole.Worker, true)]
    [InlineData(MachineRole.Compute, true)]
    [InlineData(MachineRole.Head, false)]
    [InlineData(MachineRole.Proxy, false)]
    public void Copies_are_made_of_roles_a_session_has_several_of(MachineRole role, bool allowed)
    {
        var check = ActionRules.Check(TestMachines.Regular(MachineState.Running) with { Role = role }, MachineAction.CreateFromSnapshot);

        Assert.Equal(allowed, check.Allowed);
        if (!allowed)
            Assert.Equal($"A session has one {DisplayText.Of(role)}: a copy would be a second one.", check.Reason);
    }

    [Fact]
    public void An_azure_vm_being_updated_at_rest_reads_as_updating_but_a_power_change_wins()
    {
        Assert.Equal(MachineState.Updating, AzurePowerState.From(["ProvisioningState/updating", "PowerState/deallocated"]));
        Assert.Equal(MachineState.Starting, AzurePowerState.From(["ProvisioningState/updating", "PowerState/starting"]));
        Assert.Equal(MachineState.Deallocated, AzurePowerState.From(["ProvisioningState/succeeded", "PowerState/deallocated"]));
    }
}
