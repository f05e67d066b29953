using Dashboard.Core.People;
using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;
using Dashboard.Core.Sessions;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.AzureBackend;

using Dashboard.ArmEmulator;

/// <summary>Machine commands and session creation through the real SDK against the local ARM endpoint.</summary>
public sealed class AzureActionTests
{
    private static void SeedLab(ArmEmulator arm)
    {
        Dictionary<string, string> Tags(string role) => AzureHarness.CreatedTags("lab", role, "HpcCluster");
        arm.AddVirtualMachine(AzureHarness.ResourceGroup, "lab-head", hibernationEnabled: true, tags: Tags("Head"));
        arm.AddVirtualMachine(AzureHarness.ResourceGroup, "lab-compute-01", spot: true, evictionPolicy: "Deallocate", tags: Tags("Compute"));
        arm.AddVirtualMachine(AzureHarness.ResourceGroup, "lab-compute-02", spot: true, evictionPolicy: "Deallocate", tags: Tags("Compute"));
    }

    private static async Task<(AzureHarness Azure, SessionView Lab)> StartLabAsync()
    {
        var azure = await AzureHarness.StartAsync(SeedLab);
        return (azure, await azure.AdoptAsync("lab", 3));
    }

    private static MachineView Machine(AzureHarness azure, string name) =>
        azure.Core.Monitor.Sessions.SelectMany(s => s.Machines).Single(m => m.Name == name);

    [Fact]
    public async Task Stop_deallocates_seen_through_the_listing_and_start_brings_it_back()
    {
        var (azure, lab) = await StartLabAsync();
        await using var _ = azure;
        var head = lab.Machines.Single(m => m.Name == "lab-head");

        var stop = await azure.Core.Commands.RunAsync(head.Id, MachineAction.Stop, TestViewers.Admin);

        Assert.True(stop.Succeeded, stop.Message);
        Assert.Contains("compute billing has stopped", stop.Message, StringComparison.Ordinal);
        Assert.Equal("deallocated", azure.Emulator.PowerStateOf("lab-head"));
        // The listing shows the end: no long-running operation's status is ever read.
        Assert.Equal(0, azure.Emulator.Counts.OperationPolls);
        Assert.Equal(MachineState.Deallocated, Machine(azure, "lab-head").State);

        var start = await azure.Core.Commands.RunAsync(head.Id, MachineAction.Start, TestViewers.Admin);
        Assert.True(start.Succeeded, start.Message);
        Assert.Equal("running", azure.Emulator.PowerStateOf("lab-head"));
    }

    [Fact]
    public async Task Hibernate_works_on_a_capable_regular_vm_and_is_refused_for_spot()
    {
        var (azure, lab) = await StartLabAsync();
        await using var _ = azure;

        var hibernated = await azure.Core.Commands.RunAsync(lab.Machines.Single(m => m.Name == "lab-head").Id, MachineAction.Hibernate, TestViewers.Admin);
        Assert.True(hibernated.Succeeded, hibernated.Message);
        Assert.True(azure.Emulator.IsHibernated("lab-head"));
        await azure.Core.Poller.PollOnceAsync(CancellationToken.None);
        Assert.Equal(MachineState.Hibernated, Machine(azure, "lab-head").State);

        var spot = await azure.Core.Commands.RunAsync(lab.Machines.Single(m => m.Name == "lab-compute-01").Id, MachineAction.Hibernate, TestViewers.Admin);
        Assert.Equal(ActionOutcome.Refused, spot.Outcome);
        var direct = await Assert.ThrowsAsync<CloudOperationException>(() =>
            azure.Cloud.HibernateAsync(azure.Cloud.IdFor("lab-compute-01"), CancellationToken.None));
        Assert.Equal("OperationNotAllowed", direct.Code);
    }

    [Fact]
    public async Task Throttling_is_retried_after_the_time_arm_asks_for()
    {
        var (azure, lab) = await StartLabAsync();
        await using var _ = azure;
        azure.Emulator.InjectFault(new FaultRule("POST", "lab-compute-02/restart", 429, "TooManyRequests",
            "Rate limit exceeded.", Times: 1, RetryAfter: TimeSpan.FromSeconds(1)));

        var started = DateTimeOffset.UtcNow;
        var result = await azure.Core.Commands.RunAsync(lab.Machines.Single(m => m.Name == "lab-compute-02").Id, MachineAction.Reboot, TestViewers.Admin);

        Assert.True(result.Succeeded, result.Message);
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(1), "the retry waited for Retry-After");
    }

    [Fact]
    public async Task A_conflict_and_a_capacity_failure_reach_the_user_in_plain_words_and_the_log()
    {
        var (azure, lab) = await StartLabAsync();
        await using var _ = azure;
        var compute = lab.Machines.Single(m => m.Name == "lab-compute-01");
        azure.Emulator.InjectFault(new FaultRule("POST", "lab-compute-01/deallocate", 409, "Conflict",
            "Operation 'deallocate' is not allowed since VM is being updated."));

        var conflict = await azure.Core.Commands.RunAsync(compute.Id, MachineAction.Stop, TestViewers.Admin);
        Assert.Equal(ActionOutcome.Failed, conflict.Outcome);
        Assert.Contains("conflicts", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(MachineState.Running, Machine(azure, "lab-compute-01").State);

        await azure.Emulator.EvictAsync("lab-compute-01");
        await Eventually.TrueAsync(() => Machine(azure, "lab-compute-01").State == MachineState.Evicted, "the worker is evicted");
        azure.Emulator.InjectFault(new FaultRule("POST", "lab-compute-01/start", 200, "AllocationFailed",
            "Allocation failed. We do not have sufficient capacity for the requested VM size.", AsyncFailure: true));

        var restart = await azure.Core.Commands.RunAsync(compute.Id, MachineAction.Start, TestViewers.Admin);
        Assert.Equal(ActionOutcome.Failed, restart.Outcome);
        Assert.Contains("no capacity", restart.Message, StringComparison.Ordinal);
        using var db = azure.Core.CreateDbContext();
        Assert.Equal(2, db.ActionLog.Count(e => e.MachineName == "lab-compute-01" && e.Outcome == ActionOutcome.Failed));
    }

    [Fact]
    public async Task Delete_removes_the_vm_its_nic_and_its_os_disk()
    {
        await using var azure = await AzureHarness.StartAsync();
        var formation = (await azure.Core.Store.GetFormationsAsync(CancellationToken.None)).Single(f => f.Kind == FormationKind.MachinePool);
        var created = await azure.Core.Provisioner.CreateAsync(new CreateSessionRequest
        {
            FormationId = formation.Id, Name = "solo", Count = 1, Size = "Standard_B2s",
        }, TestViewers.Instructor, CancellationToken.None);
        await Eventually.TrueAsync(() => Machine(azure, "solo-01").State == MachineState.Running, "the machine is created");
        var prefix = $"/subscriptions/{AzureHarness.Subscription}/resourceGroups/{AzureHarness.ResourceGroup}/providers/";
        Assert.True(azure.Emulator.ResourceExists(prefix + "Microsoft.Network/networkInterfaces/solo-01-nic"));
        Assert.True(azure.Emulator.ResourceExists(prefix + "Microsoft.Compute/disks/solo-01-osdisk"));

        var result = await azure.Core.Commands.RunAsync(created.Session!.Machines[0].Id, MachineAction.Delete, TestViewers.Admin);

        Assert.True(result.Succeeded, result.Message);
        Assert.DoesNotContain("solo-01", azure.Emulator.VirtualMachineNames);
        Assert.False(azure.Emulator.ResourceExists(prefix + "Microsoft.Network/networkInterfaces/solo-01-nic"));
        Assert.False(azure.Emulator.ResourceExists(prefix + "Microsoft.Compute/disks/solo-01-osdisk"));
        Assert.Null(azure.Core.Monitor.FindSession("solo"));
    }
}
