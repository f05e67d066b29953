using Dashboard.Core.Cloud.Azure;
using Dashboard.Core.Domain;

namespace Dashboard.Tests.AzureBackend;

public sealed class AzurePowerStateTests
{
    [Theory]
    [InlineData("PowerState/running", MachineState.Running)]
    [InlineData("PowerState/starting", MachineState.Starting)]
    [InlineData("PowerState/stopping", MachineState.Stopping)]
    [InlineData("PowerState/stopped", MachineState.Stopped)]
    [InlineData("PowerState/deallocating", MachineState.Deallocating)]
    [InlineData("PowerState/deallocated", MachineState.Deallocated)]
    public void Power_state_codes_map_to_machine_states(string code, MachineState expected) =>
        Assert.Equal(expected, AzurePowerState.From(["ProvisioningState/succeeded", code]));

    [Fact]
    public void Hibernated_is_told_apart_from_deallocated() =>
        Assert.Equal(MachineState.Hibernated,
            AzurePowerState.From(["ProvisioningState/succeeded", "PowerState/deallocated", "HibernationState/Hibernated"]));

    [Fact]
    public void A_deleting_vm_is_deleting_whatever_its_power_state() =>
        Assert.Equal(MachineState.Deleting, AzurePowerState.From(["ProvisioningState/deleting", "PowerState/running"]));

    [Fact]
    public void A_vm_still_being_created_has_no_power_state_yet() =>
        Assert.Equal(MachineState.Creating, AzurePowerState.From(["ProvisioningState/creating"]));

    [Fact]
    public void A_failed_provisioning_without_power_state_is_failed() =>
        Assert.Equal(MachineState.Failed, AzurePowerState.From(["ProvisioningState/failed/InternalError"]));

    [Fact]
    public void No_status_at_all_is_unknown() => Assert.Equal(MachineState.Unknown, AzurePowerState.From([]));
}
