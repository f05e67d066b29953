using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Azure.ResourceManager.Resources;
using Dashboard.Core.Domain;

namespace Dashboard.Core.Cloud.Azure;

public sealed partial class AzureCloud
{
    /// <summary>
    /// Creates the NIC in the configured subnet, then sends the VM's creation with its tags, priority and capabilities
    /// and returns once ARM accepted it; the listing shows the VM come up or fail. Never over anything: a VM of that
    /// name (seen in the listing, or by ARM's create-only check), a NIC or an OS disk makes it fail in words, with
    /// nothing changed.
    /// </summary>
    public async Task CreateAsync(CloudMachineSpec spec, CancellationToken cancellationToken)
    {
        var nicId = NicIdFor(spec.Name);
        var nicCreated = false;
        try
        {
            var problem = OsProblem(spec) ?? ExistingVmProblem(await LatestListingAsync(cancellationToken), spec.Name);
            if (problem is not null)
                throw new CloudOperationException("CannotCreate", problem);
            using (CreateOnlyPolicy.Scope())
            {
                await CreateNicAsync(nicId, spec, cancellationToken);
                nicCreated = true;
                await ResourceGroup.GetVirtualMachines().CreateOrUpdateAsync(WaitUntil.Started, spec.Name, VmDataFor(spec, nicId), cancellationToken);
            }
        }
        catch (RequestFailedException ex)
        {
            // Leave nothing half-made behind, and only what this call made: a retry starts clean.
            if (nicCreated)
                await DeleteIfPresentAsync(() => arm.GetGenericResource(nicId).DeleteAsync(WaitUntil.Completed, CancellationToken.None));
            throw CreationRefusal(ex, spec.Name, nicCreated, nicId.Name) ?? AzureErrors.Translate(ex, "create", spec.Name);
        }
        catch (AuthenticationFailedException ex)
        {
            throw AzureErrors.SignInFailed(ex);
        }
    }

    /// <summary>
    /// Why these machines cannot be created, before anything is recorded or sent: a missing key or password, or a VM
    /// of the same name in the resource group. Costs no request once a listing was made.
    /// </summary>
    public async Task<string?> RefuseCreationAsync(IReadOnlyList<CloudMachineSpec> specs, CancellationToken cancellationToken)
    {
        if (specs.Select(OsProblem).FirstOrDefault(p => p is not null) is { } osProblem)
            return osProblem;
        try
        {
            var listing = await LatestListingAsync(cancellationToken);
            return specs.Select(s => ExistingVmProblem(listing, s.Name)).FirstOrDefault(p => p is not null);
        }
        catch (RequestFailedException ex)
        {
            return AzureErrors.Translate(ex, "list the VMs of", Options.ResourceGroup).Message;
        }
        catch (AuthenticationFailedException ex)
        {
            return AzureErrors.SignInFailed(ex).Message;
        }
    }

    private string? OsProblem(CloudMachineSpec spec)
    {
        var problem = AzureVmProfiles.IsWindows(ImageOf(spec))
            ? WindowsPassword.Problem(Options.WindowsAdminPassword, Options.AdminUserName)
            : LinuxProfile.KeyProblem(Options.SshPublicKey);
        return problem is null ? null : $"{spec.Name} was not created: {problem}";
    }

    private string? ExistingVmProblem(Listing listing, string name)
    {
        if (!listing.TagsById.TryGetValue(IdFor(name), out var tags))
            return null;
        return AzureOwnershipTags.Of(tags) == AzureOwnership.Created
            ? $"A VM named {name} already exists in resource group {Options.ResourceGroup}; the dashboard made it earlier. Delete it before creating it again."
            : AzureErrors.ForeignVm(name, Options.ResourceGroup);
    }

    // ARM's own refusals of a create-only request, in the same words as the listing's.
    private CloudOperationException? CreationRefusal(RequestFailedException ex, string name, bool nicCreated, string nicName)
    {
        var group = Options.ResourceGroup;
        if (ex.Status == 412)
        {
            return new CloudOperationException("AlreadyExists", nicCreated
                ? AzureErrors.ForeignVm(name, group)
                : $"A network interface named {nicName} already exists in resource group {group}; the dashboard will not replace it, so {name} was not created.", ex);
        }
        if (AzureErrors.IsExistingDisk(ex))
            return new CloudOperationException("AlreadyExists", $"An OS disk named {OsDiskNameOf(name)} already exists in resource group {group}; the dashboard will not replace it, so {name} was not created.", ex);
        return null;
    }

    private string ImageOf(CloudMachineSpec spec) => string.IsNullOrWhiteSpace(spec.Image) ? Options.Image : spec.Image;

    internal static string OsDiskNameOf(string machineName) => $"{machineName}-osdisk";

    private async Task CreateNicAsync(ResourceIdentifier nicId, CloudMachineSpec spec, CancellationToken cancellationToken)
    {
        var nic = new GenericResourceData(new AzureLocation(Options.Location))
        {
            Properties = BinaryData.FromObjectAsJson(new
            {
                ipConfigurations = new[]
                {
                    new { name = "ipconfig1", properties = new { subnet = new { id = Options.SubnetId }, privateIPAllocationMethod = "Dynamic" } },
                },
            }),
        };
        foreach (var (key, value) in spec.Tags)
            nic.Tags[key] = value;
        nic.Tags[AzureOwnershipTags.Created] = "true";
        await arm.GetGenericResources().CreateOrUpdateAsync(WaitUntil.Completed, nicId, nic, cancellationToken);
    }

    internal VirtualMachineData VmDataFor(CloudMachineSpec spec, ResourceIdentifier nicId)
    {
        var spot = spec.Priority == MachinePriority.Spot;
        var data = new VirtualMachineData(new AzureLocation(Options.Location))
        {
            HardwareProfile = new VirtualMachineHardwareProfile { VmSize = new VirtualMachineSizeType(spec.Size) },
            StorageProfile = new VirtualMachineStorageProfile
            {
                ImageReference = ImageReferenceFor(ImageOf(spec)),
                OSDisk = new VirtualMachineOSDisk(DiskCreateOptionType.FromImage)
                {
                    Name = OsDiskNameOf(spec.Name),
                    DeleteOption = DiskDeleteOptionType.Delete,
                    ManagedDisk = new VirtualMachineManagedDisk { StorageAccountType = StorageAccountType.StandardSsdLrs },
                },
            },
            OSProfile = AzureVmProfiles.IsWindows(ImageOf(spec))
                ? AzureVmProfiles.Windows(spec.Name, Options.AdminUserName, Options.WindowsAdminPassword)
                : AzureVmProfiles.Linux(spec.Name, Options.AdminUserName, Options.SshPublicKey),
            NetworkProfile = new VirtualMachineNetworkProfile
            {
                NetworkInterfaces = { new VirtualMachineNetworkInterfaceReference { Id = nicId, Primary = true, DeleteOption = ComputeDeleteOption.Delete } },
            },
            Priority = spot ? VirtualMachinePriorityType.Spot : VirtualMachinePriorityType.Regular,
        };
        if (spot)
        {
            data.EvictionPolicy = spec.EvictionPolicy == EvictionPolicy.Delete
                ? VirtualMachineEvictionPolicyType.Delete
                : VirtualMachineEvictionPolicyType.Deallocate;
            data.BillingMaxPrice = (double)Options.SpotMaxPrice;
        }
        else if (spec.HibernationEnabled)
        {
            // Azure refuses hibernation on Spot VMs, so it is only ever asked for regular ones.
            data.AdditionalCapabilities = new AdditionalCapabilities { HibernationEnabled = true };
        }

        foreach (var (key, value) in spec.Tags)
            data.Tags[key] = value;
        // What lets the dashboard delete it later: it deletes only what carries this.
        data.Tags[AzureOwnershipTags.Created] = "true";
        return data;
    }

    internal static ImageReference ImageReferenceFor(string image)
    {
        if (image.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase))
            return new ImageReference { Id = new ResourceIdentifier(image) };
        var parts = image.Split(':');
        if (parts.Length != 4)
            throw new CloudOperationException("InvalidImage", $"The image \"{image}\" is neither publisher:offer:sku:version nor an image resource id.");
        return new ImageReference { Publisher = parts[0], Offer = parts[1], Sku = parts[2], Version = parts[3] };
    }
}
