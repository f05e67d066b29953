using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Azure.ResourceManager.Resources;

namespace Dashboard.Core.Cloud.Azure;

// Snapshots of OS disks and what is made from them. Snapshots live in Azure:ResourceGroup, tagged with their VM's name
// (CloudTags.Machine) and as the dashboard's; disks made from them carry the same tags. Nothing outside the resource
// groups is read or touched, and only disks the dashboard created (or the OS disk of a VM it created) are deleted.
public sealed partial class AzureCloud
{
    public async Task<string> SnapshotAsync(string cloudId, CancellationToken cancellationToken)
    {
        var id = Scope.VmOrRefuse(cloudId, "snapshot");
        var name = id.Name;
        try
        {
            if (!await IsOursAsync(id, "snapshot", AzureOwnership.Adopted, cancellationToken))
                throw new CloudOperationException("NotFound", $"{name} no longer exists in Azure.");
            VirtualMachineResource vm = await arm.GetVirtualMachineResource(id).GetAsync(cancellationToken: cancellationToken);
            var diskId = vm.Data.StorageProfile?.OSDisk?.ManagedDisk?.Id
                ?? throw new CloudOperationException("NoManagedDisk", $"{name} has no managed OS disk to snapshot.");
            var snapshotName = $"{name}-osdisk-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}";
            var data = new SnapshotData(vm.Data.Location)
            {
                CreationData = new DiskCreationData(DiskCreateOption.Copy) { SourceResourceId = diskId },
                Incremental = true,
            };
            TagAsOurs(data.Tags, name, vm.Data.Tags);
            using (CreateOnlyPolicy.Scope())
                await ResourceGroup.GetSnapshots().CreateOrUpdateAsync(WaitUntil.Completed, snapshotName, data, cancellationToken);
            return snapshotName;
        }
        catch (RequestFailedException ex)
        {
            throw AzureErrors.Translate(ex, "snapshot", name);
        }
        catch (AuthenticationFailedException ex)
        {
            throw AzureErrors.SignInFailed(ex);
        }
    }

    /// <summary>
    /// One list of the resource group's snapshots, kept when tagged with this VM's name or taken from its current OS
    /// disk (snapshots made before they were tagged).
    /// </summary>
    public async Task<IReadOnlyList<CloudSnapshot>> ListSnapshotsAsync(string cloudId, CancellationToken cancellationToken)
    {
        var id = Scope.VmOrRefuse(cloudId, "list the snapshots of");
        try
        {
            if (!await IsOursAsync(id, "list the snapshots of", AzureOwnership.Adopted, cancellationToken))
                throw new CloudOperationException("NotFound", $"{id.Name} no longer exists in Azure.");
            VirtualMachineResource vm = await arm.GetVirtualMachineResource(id).GetAsync(cancellationToken: cancellationToken);
            var osDisk = vm.Data.StorageProfile?.OSDisk?.ManagedDisk?.Id?.ToString();
            var result = new List<CloudSnapshot>();
            await foreach (var snapshot in ResourceGroup.GetSnapshots().GetAllAsync(cancellationToken))
            {
                if (IsSnapshotOf(snapshot.Data, id.Name, osDisk))
                    result.Add(ToCloudSnapshot(snapshot.Data));
            }

            return [.. result.OrderByDescending(s => s.CreatedAt)];
        }
        catch (RequestFailedException ex)
        {
            throw AzureErrors.Translate(ex, "list the snapshots of", id.Name);
        }
        catch (AuthenticationFailedException ex)
        {
            throw AzureErrors.SignInFailed(ex);
        }
    }

    public Task DeallocateAndWaitAsync(string cloudId, CancellationToken cancellationToken) =>
        OnVmAsync(cloudId, "stop", AzureOwnership.Adopted, vm => vm.DeallocateAsync(WaitUntil.Completed, cancellationToken: cancellationToken), cancellationToken);

    public Task StartAndWaitAsync(string cloudId, CancellationToken cancellationToken) =>
        OnVmAsync(cloudId, "start", AzureOwnership.Adopted, vm => vm.PowerOnAsync(WaitUntil.Completed, cancellationToken), cancellationToken);

    /// <summary>
    /// Reimages the VM to the image it was created from (Azure's reimage of a managed OS disk); the old OS disk goes or
    /// stays as its deleteOption says (the dashboard's VMs: Delete). Completes when done.
    /// </summary>
    public Task ReimageAsync(string cloudId, CancellationToken cancellationToken) =>
        OnVmAsync(cloudId, "reimage", AzureOwnership.Adopted,
            vm => vm.ReimageAsync(WaitUntil.Completed, new VirtualMachineReimageContent(), cancellationToken), cancellationToken);

    /// <summary>
    /// Copies the snapshot to a new managed disk (createOption Copy) in the VM's resource group, swaps the deallocated
    /// VM's OS disk to it (one PATCH of storageProfile.osDisk), then deletes the old disk when the dashboard created the
    /// VM; an adopted VM's old disk is kept. A failed swap deletes the new disk again, or says that it is left.
    /// </summary>
    public async Task<RestoredDisk> RestoreOsDiskAsync(string cloudId, string snapshotName, CancellationToken cancellationToken)
    {
        var id = Scope.VmOrRefuse(cloudId, "restore");
        var name = id.Name;
        try
        {
            var tags = await TagsOfAsync(id, cancellationToken) ?? throw new CloudOperationException("NotFound", $"{name} no longer exists in Azure.");
            if (!await IsOursAsync(id, "restore", AzureOwnership.Adopted, cancellationToken))
                throw new CloudOperationException("NotFound", $"{name} no longer exists in Azure.");
            var vm = arm.GetVirtualMachineResource(id);
            VirtualMachineData data = (await vm.GetAsync(cancellationToken: cancellationToken)).Value.Data;
            var oldDisk = data.StorageProfile?.OSDisk?.ManagedDisk?.Id
                ?? throw new CloudOperationException("NoManagedDisk", $"{name} has no managed OS disk to replace.");
            var snapshot = await SnapshotOfAsync(snapshotName, name, oldDisk.ToString(), $"nothing was changed on {name}", cancellationToken);

            var diskName = $"{name}-osdisk-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}";
            var group = arm.GetResourceGroupResource(ResourceGroupResource.CreateResourceIdentifier(id.SubscriptionId!, id.ResourceGroupName!));
            var disk = await CopyToDiskAsync(group, diskName, snapshot, name, data.Tags, $"nothing was changed on {name}", cancellationToken);
            await SwapOsDiskAsync(vm, name, disk, snapshotName, cancellationToken);

            var deleted = AzureOwnershipTags.Of(tags) == AzureOwnership.Created && await TryDeleteDiskAsync(oldDisk);
            return new RestoredDisk(diskName, oldDisk.Name, deleted);
        }
        catch (RequestFailedException ex)
        {
            throw AzureErrors.Translate(ex, "restore", name);
        }
        catch (AuthenticationFailedException ex)
        {
            throw AzureErrors.SignInFailed(ex);
        }
    }

    /// <summary>
    /// Copies the snapshot to the new VM's OS disk, creates its NIC, and sends the VM's creation with that disk attached
    /// (no image, no OS profile: the disk already has both). A failure deletes what this call made, in reverse.
    /// </summary>
    public async Task CreateFromSnapshotAsync(CloudMachineSpec spec, string snapshotName, CancellationToken cancellationToken)
    {
        var nicId = NicIdFor(spec.Name);
        ResourceIdentifier? diskId = null;
        var nicCreated = false;
        try
        {
            if (ExistingVmProblem(await LatestListingAsync(cancellationToken), spec.Name) is { } problem)
                throw new CloudOperationException("CannotCreate", problem);
            var snapshot = await SnapshotOfAsync(snapshotName, machine: null, osDisk: null, $"{spec.Name} was not created", cancellationToken);
            var disk = await CopyToDiskAsync(ResourceGroup, OsDiskNameOf(spec.Name), snapshot, spec.Name, spec.Tags,
                $"{spec.Name} was not created", cancellationToken);
            diskId = disk.Id;
            using (CreateOnlyPolicy.Scope())
            {
                await CreateNicAsync(nicId, spec, cancellationToken);
                nicCreated = true;
                var data = VmDataFor(spec, nicId);
                data.OSProfile = null;
                data.StorageProfile = new VirtualMachineStorageProfile
                {
                    OSDisk = new VirtualMachineOSDisk(DiskCreateOptionType.Attach)
                    {
                        Name = disk.Data.Name,
                        OSType = disk.Data.OSType,
                        DeleteOption = DiskDeleteOptionType.Delete,
                        ManagedDisk = new VirtualMachineManagedDisk { Id = disk.Id },
                    },
                };
                await ResourceGroup.GetVirtualMachines().CreateOrUpdateAsync(WaitUntil.Started, spec.Name, data, cancellationToken);
            }
        }
        catch (RequestFailedException ex)
        {
            if (nicCreated)
                await DeleteIfPresentAsync(() => arm.GetGenericResource(nicId).DeleteAsync(WaitUntil.Completed, CancellationToken.None));
            if (diskId is not null)
                await TryDeleteDiskAsync(diskId);
            throw CreationRefusal(ex, spec.Name, nicCreated, nicId.Name) ?? AzureErrors.Translate(ex, "create", spec.Name);
        }
        catch (AuthenticationFailedException ex)
        {
            throw AzureErrors.SignInFailed(ex);
        }
    }

    // The snapshot by name, refused in words when it is gone or (for a restore) not this VM's.
    private async Task<SnapshotResource> SnapshotOfAsync(string snapshotName, string? machine, string? osDisk, string consequence,
        CancellationToken cancellationToken)
    {
        SnapshotResource snapshot;
        try
        {
            snapshot = await ResourceGroup.GetSnapshots().GetAsync(snapshotName, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw SnapshotGone(snapshotName, consequence, ex);
        }

        if (machine is not null && !IsSnapshotOf(snapshot.Data, machine, osDisk))
            throw new CloudOperationException("NotThisMachines", $"Snapshot {snapshotName} was not taken of {machine}; {consequence}.");
        return snapshot;
    }

    private async Task<ManagedDiskResource> CopyToDiskAsync(ResourceGroupResource group, string diskName, SnapshotResource snapshot,
        string machine, IEnumerable<KeyValuePair<string, string>> machineTags, string consequence, CancellationToken cancellationToken)
    {
        var data = new ManagedDiskData(snapshot.Data.Location)
        {
            CreationData = new DiskCreationData(DiskCreateOption.Copy) { SourceResourceId = snapshot.Id },
            OSType = snapshot.Data.OSType,
            Sku = new DiskSku { Name = DiskStorageAccountType.StandardSsdLrs },
        };
        TagAsOurs(data.Tags, machine, machineTags);
        try
        {
            using (CreateOnlyPolicy.Scope())
                return (await group.GetManagedDisks().CreateOrUpdateAsync(WaitUntil.Completed, diskName, data, cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw SnapshotGone(snapshot.Data.Name, consequence, ex);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            throw new CloudOperationException("AlreadyExists",
                $"A disk named {diskName} already exists in resource group {group.Id.Name}; the dashboard will not replace it, so {consequence}.", ex);
        }
    }

    // The swap is one PATCH; Azure refuses it unless the VM is deallocated. Whatever refuses it, the new disk is not left
    // behind unsaid.
    private async Task SwapOsDiskAsync(VirtualMachineResource vm, string name, ManagedDiskResource disk, string snapshotName,
        CancellationToken cancellationToken)
    {
        var patch = new VirtualMachinePatch
        {
            StorageProfile = new VirtualMachineStorageProfile
            {
                OSDisk = new VirtualMachineOSDisk(DiskCreateOptionType.Attach)
                {
                    Name = disk.Data.Name,
                    DeleteOption = DiskDeleteOptionType.Delete,
                    ManagedDisk = new VirtualMachineManagedDisk { Id = disk.Id },
                },
            },
        };
        try
        {
            await vm.UpdateAsync(WaitUntil.Completed, patch, cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            var refused = AzureErrors.Translate(ex, "swap the OS disk of", name);
            var left = await TryDeleteDiskAsync(disk.Id)
                ? $"the disk {disk.Data.Name} copied from {snapshotName} was deleted again, and {name} keeps its OS disk."
                : $"the disk {disk.Data.Name} copied from {snapshotName} is left, unattached, in resource group {disk.Id.ResourceGroupName}; {name} keeps its OS disk. Delete that disk in Azure if it is not wanted.";
            throw new CloudOperationException(refused.Code, $"{refused.Message} Nothing was restored: {left}", ex);
        }
    }

    private async Task<bool> TryDeleteDiskAsync(ResourceIdentifier diskId)
    {
        try
        {
            await arm.GetManagedDiskResource(diskId).DeleteAsync(WaitUntil.Completed, CancellationToken.None);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return true;
        }
        catch (RequestFailedException)
        {
            return false;
        }
    }

    // What lets a snapshot (or disk) be found by its VM and be known as the dashboard's; the session's tags go with it.
    private static void TagAsOurs(IDictionary<string, string> tags, string machine, IEnumerable<KeyValuePair<string, string>> machineTags)
    {
        string[] carried = [CloudTags.Session, CloudTags.Role, CloudTags.Kind];
        foreach (var (key, value) in machineTags.Where(t => carried.Contains(t.Key, StringComparer.OrdinalIgnoreCase)))
            tags[key] = value;

        tags[CloudTags.Machine] = machine;
        tags[AzureOwnershipTags.Created] = "true";
    }

    private static bool IsSnapshotOf(SnapshotData snapshot, string machine, string? osDisk) =>
        snapshot.Tags.Any(t => string.Equals(t.Key, CloudTags.Machine, StringComparison.OrdinalIgnoreCase)
            && string.Equals(t.Value, machine, StringComparison.OrdinalIgnoreCase))
        || (osDisk is not null && string.Equals(snapshot.CreationData?.SourceResourceId?.ToString(), osDisk, StringComparison.OrdinalIgnoreCase));

    private static CloudSnapshot ToCloudSnapshot(SnapshotData snapshot) =>
        new(snapshot.Name, snapshot.TimeCreated, snapshot.DiskSizeGB, snapshot.CreationData?.SourceResourceId?.Name);

    private CloudOperationException SnapshotGone(string snapshotName, string consequence, Exception inner) =>
        new("SnapshotNotFound", $"Snapshot {snapshotName} no longer exists in resource group {Options.ResourceGroup}; {consequence}.", inner);
}
