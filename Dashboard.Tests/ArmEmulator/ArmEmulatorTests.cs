using System.Diagnostics;
using Azure;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.ArmEmulator;

using Dashboard.ArmEmulator;

/// <summary>The emulator driven by the real Azure SDK (Azure.ResourceManager.Compute) in-process.</summary>
public sealed class ArmEmulatorTests : IDisposable
{
    private readonly ArmHarness _arm = new();

    private ArmEmulator Emulator => _arm.Emulator;

    public void Dispose() => _arm.Dispose();

    [Fact]
    public async Task Creating_a_vm_through_the_sdk_provisions_it_with_its_os_disk()
    {
        var vm = await _arm.CreateVmAsync("vm-create", spot: true, eviction: VirtualMachineEvictionPolicyType.Delete);

        Assert.Equal("Succeeded", vm.Data.ProvisioningState);
        Assert.Null(vm.Data.OSProfile.AdminPassword);
        Assert.Equal("running", Emulator.PowerStateOf("vm-create"));
        Assert.True(Emulator.ResourceExists(_arm.IdOf("Microsoft.Compute/disks", "VM-CREATE-OSDISK")));
        Assert.Equal("lab-1", Emulator.TagsOf("vm-create")["session"]);
        var body = Emulator.LastPutBody("vm-create")!;
        Assert.Equal("Spot", (string?)body["properties"]!["priority"]);
        Assert.Equal("Delete", (string?)body["properties"]!["evictionPolicy"]);

        var fetched = await _arm.Vm("VM-Create").GetAsync(InstanceViewType.InstanceView);
        Assert.Contains(fetched.Value.Data.InstanceView.Statuses, s => s.Code == "PowerState/running");
        Assert.Equal(VirtualMachinePriorityType.Spot, fetched.Value.Data.Priority);
        var counts = Emulator.Counts; // every request the SDK sent hit a known route
        Assert.Equal(counts.Total, counts.List + counts.Read + counts.Write + counts.OperationPolls);
        Assert.True(counts.OperationPolls >= 1, $"{counts}");
    }

    [Fact]
    public async Task Creation_is_refused_for_a_missing_nic_and_for_hibernation_on_spot()
    {
        var vms = _arm.ResourceGroup.GetVirtualMachines();
        var missingNic = ArmHarness.VmData("vm-x", new(_arm.IdOf("Microsoft.Network/networkInterfaces", "nope")));
        var noNic = await Assert.ThrowsAsync<RequestFailedException>(() => vms.CreateOrUpdateAsync(WaitUntil.Completed, "vm-x", missingNic));
        Assert.Equal((400, "InvalidParameter"), (noNic.Status, noNic.ErrorCode));

        var nic = await _arm.CreateNicAsync("vm-y-nic");
        var spotHibernating = ArmHarness.VmData("vm-y", nic, spot: true, hibernation: true);
        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => vms.CreateOrUpdateAsync(WaitUntil.Completed, "vm-y", spotHibernating));
        Assert.Equal((400, "OperationNotAllowed"), (refused.Status, refused.ErrorCode));
        Assert.Contains("Hibernation is not supported for Spot VMs", refused.Message);
        Assert.Empty(Emulator.VirtualMachineNames);
    }

    [Fact]
    public async Task Status_only_list_returns_every_vm_across_pages()
    {
        for (var i = 0; i < 120; i++)
            Emulator.AddVirtualMachine(i % 2 == 0 ? "rg-a" : "rg-b", $"vm-{i:000}", powerState: i < 10 ? "deallocated" : "running");
        Emulator.ResetCounts();

        var listed = new List<VirtualMachineResource>();
        await foreach (var vm in _arm.SubscriptionResource.GetVirtualMachinesAsync(statusOnly: "true"))
            listed.Add(vm);

        Assert.Equal(120, listed.Select(v => v.Data.Name).Distinct().Count());
        Assert.Equal(3, Emulator.Counts.List);
        Assert.Equal(3, Emulator.Counts.Total);
        var deallocated = listed.Count(v => v.Data.InstanceView.Statuses.Any(s => s.Code == "PowerState/deallocated"));
        Assert.Equal(10, deallocated);
        Assert.All(listed, v => Assert.Contains(v.Data.InstanceView.Statuses, s => s.Code == "ProvisioningState/succeeded"));
    }

    [Fact]
    public async Task Deallocating_with_hibernate_reports_the_vm_hibernated()
    {
        Emulator.AddVirtualMachine(ArmHarness.Group, "vm-h", hibernationEnabled: true);

        await _arm.Vm("vm-h").DeallocateAsync(WaitUntil.Completed, hibernate: true);

        Assert.True(Emulator.IsHibernated("vm-h"));
        var statuses = await ListedStatusesAsync("vm-h");
        Assert.Contains("PowerState/deallocated", statuses);
        Assert.Contains("HibernationState/Hibernated", statuses);

        await _arm.Vm("vm-h").PowerOnAsync(WaitUntil.Completed);
        Assert.False(Emulator.IsHibernated("vm-h"));
        Assert.Equal("running", Emulator.PowerStateOf("vm-h"));
    }

    [Fact]
    public async Task Hibernate_is_refused_for_spot_and_for_vms_without_hibernation()
    {
        Emulator.AddVirtualMachine(ArmHarness.Group, "vm-spot", spot: true, evictionPolicy: "Deallocate");
        Emulator.AddVirtualMachine(ArmHarness.Group, "vm-plain");

        foreach (var name in new[] { "vm-spot", "vm-plain" })
        {
            var refused = await Assert.ThrowsAsync<RequestFailedException>(() => _arm.Vm(name).DeallocateAsync(WaitUntil.Completed, hibernate: true));
            Assert.Equal((409, "OperationNotAllowed"), (refused.Status, refused.ErrorCode));
            Assert.Equal("running", Emulator.PowerStateOf(name));
        }
    }

    [Fact]
    public async Task A_second_operation_while_one_runs_gets_409_conflict()
    {
        using var arm = new ArmHarness(TimeSpan.FromSeconds(1)); // long enough to act while the first runs
        arm.Emulator.AddVirtualMachine(ArmHarness.Group, "vm-busy");
        var deallocating = await arm.Vm("vm-busy").DeallocateAsync(WaitUntil.Started);
        Assert.Equal("deallocating", arm.Emulator.PowerStateOf("vm-busy"));

        var conflict = await Assert.ThrowsAsync<RequestFailedException>(() => arm.Vm("vm-busy").PowerOnAsync(WaitUntil.Started));
        Assert.Equal((409, "Conflict"), (conflict.Status, conflict.ErrorCode));
        Assert.Contains("deallocate", conflict.Message);

        await deallocating.WaitForCompletionResponseAsync();
        Assert.Equal("deallocated", arm.Emulator.PowerStateOf("vm-busy"));
        await arm.Vm("vm-busy").PowerOnAsync(WaitUntil.Completed);
        await arm.Vm("vm-busy").PowerOnAsync(WaitUntil.Completed); // already running: accepted, no-op
        Assert.Equal("running", arm.Emulator.PowerStateOf("vm-busy"));
    }

    [Fact]
    public async Task Simulated_eviction_follows_the_eviction_policy()
    {
        Emulator.AddVirtualMachine(ArmHarness.Group, "spot-keep", spot: true, evictionPolicy: "Deallocate");
        Emulator.AddVirtualMachine(ArmHarness.Group, "spot-drop", spot: true, evictionPolicy: "Delete");
        Emulator.AddVirtualMachine(ArmHarness.Group, "regular");

        await _arm.Vm("spot-keep").SimulateEvictionAsync();
        await _arm.Vm("spot-drop").SimulateEvictionAsync();
        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => _arm.Vm("regular").SimulateEvictionAsync());
        Assert.Equal((409, "OperationNotAllowed"), (refused.Status, refused.ErrorCode));

        await Eventually.TrueAsync(() => Emulator.PowerStateOf("spot-keep") == "deallocated", "the Deallocate-policy VM is deallocated");
        Assert.True(Emulator.ResourceExists(_arm.IdOf("Microsoft.Compute/disks", "spot-keep-osdisk")));
        await Eventually.TrueAsync(() => !Emulator.VirtualMachineNames.Contains("spot-drop"), "the Delete-policy VM is gone");
        Assert.False(Emulator.ResourceExists(_arm.IdOf("Microsoft.Compute/disks", "spot-drop-osdisk")));
        Assert.False(Emulator.ResourceExists(_arm.IdOf("Microsoft.Network/networkInterfaces", "spot-drop-nic")));
        Assert.Equal("running", Emulator.PowerStateOf("regular"));
    }

    [Fact]
    public async Task Evict_passes_through_deallocating()
    {
        Emulator.AddVirtualMachine(ArmHarness.Group, "spot-1", spot: true, evictionPolicy: "Deallocate");

        var eviction = Emulator.EvictAsync("spot-1");
        Assert.Equal("deallocating", Emulator.PowerStateOf("spot-1"));
        await eviction;

        Assert.Equal("deallocated", Emulator.PowerStateOf("spot-1"));
    }

    [Fact]
    public async Task An_injected_429_with_retry_after_is_retried_by_the_sdk()
    {
        Emulator.AddVirtualMachine(ArmHarness.Group, "vm-throttled");
        Emulator.InjectFault(new FaultRule("GET", "/virtualMachines/vm-throttled", 429, "TooManyRequests", "Throttled.",
            RetryAfter: TimeSpan.FromSeconds(1)));
        Emulator.ResetCounts();
        var watch = Stopwatch.StartNew();

        var vm = await _arm.Vm("vm-throttled").GetAsync();

        Assert.Equal("vm-throttled", vm.Value.Data.Name);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {watch.Elapsed}");
        Assert.Equal(2, Emulator.Counts.Read);
    }

    [Fact]
    public async Task The_sdk_waits_out_a_throttled_write_and_its_retry_succeeds()
    {
        // Real time: the SDK sleeps Retry-After on the system clock, so the emulator refills on it too.
        using var arm = new ArmHarness(throttling: ArmLimits.Azure with { Writes = new BucketLimit(1, 1) });
        arm.Emulator.AddVirtualMachine(ArmHarness.Group, "vm-first");
        arm.Emulator.AddVirtualMachine(ArmHarness.Group, "vm-second");
        await arm.Vm("vm-first").PowerOffAsync(WaitUntil.Started);
        var watch = Stopwatch.StartNew();

        await arm.Vm("vm-second").PowerOffAsync(WaitUntil.Started);

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {watch.Elapsed}");
        Assert.Equal(1, arm.Emulator.Counts.Throttled);
        Assert.Equal(3, arm.Emulator.Counts.Write);
        Assert.NotEqual("running", arm.Emulator.PowerStateOf("vm-second"));
    }

    [Fact]
    public async Task A_nic_put_completes_in_its_response_so_the_sdk_never_polls_it()
    {
        Emulator.ResetCounts();

        await _arm.CreateNicAsync("vm-nic");
        await _arm.CreateNicAsync("vm-nic"); // an update answers 200, a creation 201, both final

        Assert.Equal(new RequestCounts(Total: 2, List: 0, Read: 0, Write: 2, OperationPolls: 0, Delete: 0, Throttled: 0), Emulator.Counts);
        Assert.True(Emulator.ResourceExists(_arm.IdOf("Microsoft.Network/networkInterfaces", "vm-nic")));
    }

    [Fact]
    public async Task An_async_allocation_failure_on_start_surfaces_with_its_code()
    {
        Emulator.AddVirtualMachine(ArmHarness.Group, "spot-evicted", spot: true, evictionPolicy: "Deallocate", powerState: "deallocated");
        Emulator.InjectFault(new FaultRule("POST", "spot-evicted/start", 409, "AllocationFailed",
            "Allocation failed. We do not have sufficient capacity for the requested VM size in this region.", AsyncFailure: true));

        var failed = await Assert.ThrowsAsync<RequestFailedException>(() => _arm.Vm("spot-evicted").PowerOnAsync(WaitUntil.Completed));

        Assert.Equal("AllocationFailed", failed.ErrorCode);
        Assert.Equal("deallocated", Emulator.PowerStateOf("spot-evicted"));
        await _arm.Vm("spot-evicted").PowerOnAsync(WaitUntil.Completed); // the fault was for one request only
        Assert.Equal("running", Emulator.PowerStateOf("spot-evicted"));
    }

    [Fact]
    public async Task Deleting_a_vm_removes_it_with_its_nic_and_os_disk()
    {
        using var arm = new ArmHarness(TimeSpan.FromSeconds(1)); // long enough to see the deleting state
        var vm = await arm.CreateVmAsync("vm-gone");
        var diskId = arm.IdOf("Microsoft.Compute/disks", "vm-gone-osdisk");
        var nicId = arm.IdOf("Microsoft.Network/networkInterfaces", "vm-gone-nic");
        Assert.True(arm.Emulator.ResourceExists(diskId) && arm.Emulator.ResourceExists(nicId));

        var deleting = await vm.DeleteAsync(WaitUntil.Started);
        Assert.Equal("Deleting", arm.Emulator.ProvisioningStateOf("vm-gone"));
        await deleting.WaitForCompletionResponseAsync();

        Assert.Empty(arm.Emulator.VirtualMachineNames);
        Assert.False(arm.Emulator.ResourceExists(vm.Id.ToString()));
        Assert.False(arm.Emulator.ResourceExists(diskId));
        Assert.False(arm.Emulator.ResourceExists(nicId));
    }

    [Fact]
    public async Task A_snapshot_copies_the_os_disk()
    {
        Emulator.AddVirtualMachine(ArmHarness.Group, "vm-snap");
        var diskId = _arm.IdOf("Microsoft.Compute/disks", "vm-snap-osdisk");
        var data = new SnapshotData(new Azure.Core.AzureLocation("westeurope"))
        {
            CreationData = new DiskCreationData(DiskCreateOption.Copy) { SourceResourceId = new(diskId) },
            Incremental = true,
        };

        var snapshot = await _arm.ResourceGroup.GetSnapshots().CreateOrUpdateAsync(WaitUntil.Completed, "vm-snap-1", data);

        Assert.Equal("Succeeded", snapshot.Value.Data.ProvisioningState);
        Assert.Equal(diskId, snapshot.Value.Data.CreationData.SourceResourceId.ToString());
        Assert.True(Emulator.ResourceExists(_arm.IdOf("Microsoft.Compute/snapshots", "vm-snap-1")));
        data.CreationData.SourceResourceId = new(_arm.IdOf("Microsoft.Compute/disks", "missing"));
        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => _arm.ResourceGroup.GetSnapshots().CreateOrUpdateAsync(WaitUntil.Completed, "vm-snap-2", data));
        Assert.Equal(404, missing.Status);
    }

    private async Task<List<string>> ListedStatusesAsync(string name)
    {
        await foreach (var vm in _arm.SubscriptionResource.GetVirtualMachinesAsync(statusOnly: "true"))
        {
            if (vm.Data.Name == name)
                return vm.Data.InstanceView.Statuses.Select(s => s.Code).ToList();
        }
        throw new InvalidOperationException($"{name} was not listed");
    }
}
