using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;

namespace Dashboard.Tests.AzureBackend;

public sealed class AzureDirectReadTests
{
    [Fact]
    public async Task A_direct_read_costs_one_read_finds_a_vm_and_says_null_only_for_one_that_does_not_exist()
    {
        await using var azure = await AzureHarness.StartAsync(arm =>
        {
            arm.AddVirtualMachine(AzureHarness.ResourceGroup, "solo-01", tags: AzureHarness.CreatedTags("solo", "PoolMember", "MachinePool"),
                powerState: "deallocated");
            arm.AddVirtualMachine("elsewhere", "other-01");
        }, settings: new Dictionary<string, string?> { ["Cloud:PollSeconds"] = "60" });
        ICloud cloud = azure.Cloud;
        azure.Emulator.ResetCounts();

        var found = await cloud.ReadAsync(cloud.IdFor("solo-01"), CancellationToken.None);
        var missing = await cloud.ReadAsync(cloud.IdFor("never-made"), CancellationToken.None);

        Assert.Equal(("solo-01", MachineState.Deallocated), (found!.Name, found.State));
        Assert.Null(missing);
        Assert.Equal(2, azure.Emulator.Counts.Read);
        var outside = cloud.IdFor("other-01").Replace($"/resourceGroups/{AzureHarness.ResourceGroup}/", "/resourceGroups/elsewhere/", StringComparison.Ordinal);
        await Assert.ThrowsAsync<CloudOperationException>(() => cloud.ReadAsync(outside, CancellationToken.None));
    }
}
