using Azure;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;

namespace Dashboard.Tests.ArmEmulator;

using Dashboard.ArmEmulator;

/// <summary>Disks copied from snapshots, OS disk swaps and reimages, spoken to by the real SDK.</summary>
public sealed class ArmEmulatorDiskTests : IDisposable
{
    private readonly ArmHarness _arm = new();

    private ArmEmulator Emulator => _arm.Emulator;

    public void Dispose() => _arm.Dispose();

    [Fact]
    public async Task A_disk_is_copied_from_a_snapshot_and_a_missing_snapshot_is_404()
    {
        var snapshot = await SnapshotOfNewVmAsync("vm-a");

        var disk = (await _arm.ResourceGroup.GetManagedDisks().CreateOrUpdateAsync(WaitUntil.Completed, "vm-a-restored", CopyOf(snapshot.Id))).Value;

        Assert.Equal("Succeeded", disk.Data.ProvisioningState);
        Assert.Equal((DiskCreateOption.Copy, snapshot.Id.ToString()), (disk.Data.CreationData.CreateOption, disk.Data.CreationData.SourceResourceId.ToString()));
        Assert.Equal(("Copy", snapshot.Id.ToString(), (string?)null), Emulator.DiskOf(disk.Id.ToString()));
        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => _arm.ResourceGroup.GetManagedDisks()
            .CreateOrUpdateAsync(WaitUntil.Completed, "vm-a-other", CopyOf(new(_arm.IdOf("Microsoft.Compute/snapshots", "gone")))));
        Assert.Equal(404, missing.Status);
        Assert.False(Emulator.ResourceExists(_arm.IdOf("Microsoft.Compute/disks", "vm-a-other")));
    }

    [Fact]
    public async Task The_os_disk_is_swapped_only_while_the_vm_is_deallocated()
    {
        var snapshot = await SnapshotOfNewVmAsync("vm-b");
        var vm = _arm.Vm("vm-b");
        var oldDisk = Emulator.OsDiskIdOf("vm-b")!;
        var disk = (await _arm.ResourceGroup.GetManagedDisks().CreateOrUpdateAsync(WaitUntil.Completed, "vm-b-restored", CopyOf(snapshot.Id))).Value;

        var running = await Assert.ThrowsAsync<RequestFailedException>(() => vm.UpdateAsync(WaitUntil.Completed, SwapTo(disk)));
        Assert.Equal((409, "OperationNotAllowed"), (running.Status, running.ErrorCode));
        Assert.Equal(oldDisk, Emulator.OsDiskIdOf("vm-b"));

        await vm.DeallocateAsync(WaitUntil.Completed);
        var updated = (await vm.UpdateAsync(WaitUntil.Completed, SwapTo(disk))).Value;

        Assert.Equal(disk.Id.ToString(), updated.Data.StorageProfile.OSDisk.ManagedDisk.Id.ToString(), ignoreCase: true);
        Assert.Equal(disk.Id.ToString(), Emulator.OsDiskIdOf("vm-b"), ignoreCase: true);
        Assert.Equal(vm.Id.ToString(), Emulator.DiskOf(disk.Id.ToString())!.Value.ManagedBy);
        Assert.Null(Emulator.DiskOf(oldDisk)!.Value.ManagedBy);
        Assert.Equal("Succeeded", Emulator.ProvisioningStateOf("vm-b"));
    }

    [Fact]
    public async Task Reimage_gives_the_vm_a_new_os_disk_from_its_image_and_deletes_the_old_one()
    {
        var vm = await _arm.CreateVmAsync("vm-c");
        var oldDisk = Emulator.OsDiskIdOf("vm-c")!;

        await vm.ReimageAsync(WaitUntil.Completed, new VirtualMachineReimageContent());

        var newDisk = Emulator.OsDiskIdOf("vm-c")!;
        Assert.NotEqual(oldDisk, newDisk);
        Assert.Equal("FromImage", Emulator.DiskOf(newDisk)!.Value.CreateOption);
        Assert.False(Emulator.ResourceExists(oldDisk));
        Assert.Equal(("running", "Succeeded"), (Emulator.PowerStateOf("vm-c"), Emulator.ProvisioningStateOf("vm-c")));
    }

    [Fact]
    public async Task A_vm_created_on_an_attached_disk_boots_from_it_and_cannot_be_reimaged()
    {
        var snapshot = await SnapshotOfNewVmAsync("vm-d");
        var disk = (await _arm.ResourceGroup.GetManagedDisks().CreateOrUpdateAsync(WaitUntil.Completed, "vm-e-osdisk", CopyOf(snapshot.Id))).Value;
        var nic = await _arm.CreateNicAsync("vm-e-nic");
        var data = ArmHarness.VmData("vm-e", nic);
        data.OSProfile = null;
        data.StorageProfile = new VirtualMachineStorageProfile
        {
            OSDisk = new VirtualMachineOSDisk(DiskCreateOptionType.Attach) { ManagedDisk = new VirtualMachineManagedDisk { Id = disk.Id } },
        };

        var vm = (await _arm.ResourceGroup.GetVirtualMachines().CreateOrUpdateAsync(WaitUntil.Completed, "vm-e", data)).Value;

        Assert.Equal(disk.Id.ToString(), Emulator.OsDiskIdOf("vm-e"), ignoreCase: true);
        Assert.Equal(vm.Id.ToString(), Emulator.DiskOf(disk.Id.ToString())!.Value.ManagedBy);
        var reimage = await Assert.ThrowsAsync<RequestFailedException>(() => vm.ReimageAsync(WaitUntil.Completed, new VirtualMachineReimageContent()));
        Assert.Equal((409, "OperationNotAllowed"), (reimage.Status, reimage.ErrorCode));
        var twice = await Assert.ThrowsAsync<RequestFailedException>(async () =>
        {
            var other = await _arm.CreateNicAsync("vm-f-nic");
            var again = ArmHarness.VmData("vm-f", other);
            again.OSProfile = null;
            again.StorageProfile = data.StorageProfile;
            await _arm.ResourceGroup.GetVirtualMachines().CreateOrUpdateAsync(WaitUntil.Completed, "vm-f", again);
        });
        Assert.Equal(409, twice.Status);
    }

    [Fact]
    public async Task The_snapshot_list_holds_the_resource_groups_snapshots_only()
    {
        await SnapshotOfNewVmAsync("vm-g");
        Emulator.AddVirtualMachine("elsewhere", "vm-h");
        var other = _arm.Client.GetResourceGroupResource(Azure.ResourceManager.Resources.ResourceGroupResource.CreateResourceIdentifier(_arm.Subscription, "elsewhere"));
        await other.GetSnapshots().CreateOrUpdateAsync(WaitUntil.Completed, "vm-h-snap", new SnapshotData(new Azure.Core.AzureLocation("westeurope"))
        {
            CreationData = new DiskCreationData(DiskCreateOption.Copy)
            {
                SourceResourceId = new($"/subscriptions/{_arm.Subscription}/resourceGroups/elsewhere/providers/Microsoft.Compute/disks/vm-h-osdisk"),
            },
        });

        var names = new List<string>();
        await foreach (var snapshot in _arm.ResourceGroup.GetSnapshots().GetAllAsync())
            names.Add(snapshot.Data.Name);

        Assert.Equal(["vm-g-snap"], names);
    }

    private async Task<SnapshotResource> SnapshotOfNewVmAsync(string vm)
    {
        Emulator.AddVirtualMachine(ArmHarness.Group, vm);
        var data = new SnapshotData(new Azure.Core.AzureLocation("westeurope"))
        {
            CreationData = new DiskCreationData(DiskCreateOption.Copy) { SourceResourceId = new(_arm.IdOf("Microsoft.Compute/disks", $"{vm}-osdisk")) },
            Tags = { ["dashboard-machine"] = vm },
        };
        return (await _arm.ResourceGroup.GetSnapshots().CreateOrUpdateAsync(WaitUntil.Completed, $"{vm}-snap", data)).Value;
    }

    private static ManagedDiskData CopyOf(Azure.Core.ResourceIdentifier snapshotId) => new(new Azure.Core.AzureLocation("westeurope"))
    {
        CreationData = new DiskCreationData(DiskCreateOption.Copy) { SourceResourceId = snapshotId },
    };

    private static VirtualMachinePatch SwapTo(ManagedDiskResource disk) => new()
    {
        StorageProfile = new VirtualMachineStorageProfile
        {
            OSDisk = new VirtualMachineOSDisk(DiskCreateOptionType.Attach)
            {
                Name = disk.Data.Name,
                ManagedDisk = new VirtualMachineManagedDisk { Id = disk.Id },
            },
        },
    };
}
