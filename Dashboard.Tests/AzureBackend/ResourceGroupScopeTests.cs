using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.AzureBackend;

/// <summary>The dashboard lists, adopts and acts only inside Azure:ResourceGroup and Azure:WatchResourceGroups.</summary>
public sealed class ResourceGroupScopeTests
{
    private static readonly Dictionary<string, string> Tagged = new()
    {
        ["dashboard-session"] = "prod", ["dashboard-role"] = "PoolMember", ["dashboard-kind"] = "MachinePool",
    };

    private static Dictionary<string, string?> Watching(string group) => new() { ["Azure:WatchResourceGroups:0"] = group };

    [Fact]
    public async Task A_tagged_vm_in_another_resource_group_is_never_listed_discovered_or_adopted()
    {
        await using var azure = await AzureHarness.StartAsync(arm => arm.AddVirtualMachine("elsewhere", "prod-01", tags: Tagged));

        await azure.Core.Poller.PollOnceAsync(CancellationToken.None);
        await azure.Core.Poller.PollOnceAsync(CancellationToken.None);

        Assert.Empty(await azure.Cloud.ListAsync(CancellationToken.None));
        Assert.Empty(azure.Discovered.Current);
        Assert.Empty(azure.Core.Monitor.Sessions);
    }

    [Fact]
    public async Task An_action_on_a_vm_outside_the_resource_groups_is_refused_and_sends_nothing()
    {
        await using var azure = await AzureHarness.StartAsync(arm => arm.AddVirtualMachine("elsewhere", "other-01", tags: AzureHarness.CreatedTags("x", "PoolMember", "MachinePool")));
        var id = azure.Emulator.VirtualMachineId("elsewhere", "other-01");
        azure.Emulator.ResetCounts();

        var stop = await Assert.ThrowsAsync<CloudOperationException>(() => azure.Cloud.StopAsync(id, CancellationToken.None));
        var delete = await Assert.ThrowsAsync<CloudOperationException>(() => azure.Cloud.DeleteAsync(id, CancellationToken.None));

        Assert.Equal("other-01 is in resource group elsewhere, which this dashboard does not manage (Azure:ResourceGroup, Azure:WatchResourceGroups); it will not stop it.", stop.Message);
        Assert.Contains("it will not delete it", delete.Message, StringComparison.Ordinal);
        Assert.Equal(0, azure.Emulator.Counts.Write);
        Assert.Equal("running", azure.Emulator.PowerStateOf("elsewhere", "other-01"));
    }

    [Fact]
    public async Task A_tagged_vm_in_a_watched_group_is_discovered_and_once_adopted_can_be_stopped_but_not_deleted()
    {
        await using var azure = await AzureHarness.StartAsync(arm => arm.AddVirtualMachine("legacy", "prod-01", tags: Tagged), settings: Watching("legacy"));

        var prod = await azure.AdoptAsync("prod", 1);
        var machine = prod.Machines.Single();

        Assert.Equal("legacy", Dashboard.Core.Live.SessionDiscovery.ResourceGroupOf(machine.CloudId!));
        Assert.NotNull(azure.Emulator.TagsOf("legacy", "prod-01")!.GetValueOrDefault("dashboard-adopted"));
        var stop = await azure.Core.Commands.RunAsync(machine.Id, MachineAction.Stop, TestViewers.Admin);
        Assert.True(stop.Succeeded, stop.Message);
        Assert.Equal("deallocated", azure.Emulator.PowerStateOf("legacy", "prod-01"));

        var delete = await azure.Core.Commands.RunAsync(machine.Id, MachineAction.Delete, TestViewers.Admin);

        Assert.False(delete.Succeeded);
        Assert.Contains("adopted, not created, by the dashboard", delete.Message, StringComparison.Ordinal);
        Assert.NotNull(azure.Emulator.PowerStateOf("legacy", "prod-01"));
    }
}
