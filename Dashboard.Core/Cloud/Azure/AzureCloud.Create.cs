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
    /// and returns once ARM accepted it; the listing shows the VM come up or fail.
    /// </summary>
    public async Task CreateAsync(CloudMachineSpec spec, CancellationToken cancellationToken)
    {
        var nicId = NicIdFor(spec.Name);
        try
        {
            await CreateNicAsync(nicId, spec, cancellationToken);
            await ResourceGroup.GetVirtualMachines().CreateOrUpdateAsync(WaitUntil.Started, spec.Name, VmDataFor(spec, nicId), cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            // Leave nothing half-made behind: a retry starts clean.
            await DeleteIfPresentAsync(() => arm.GetGenericResource(nicId).DeleteAsync(WaitUntil.Completed, CancellationToken.None));
            throw AzureErrors.Translate(ex, "create", spec.Name);
        }
        catch (AuthenticationFailedException ex)
        {
            throw AzureErrors.SignInFailed(ex);
        }
    }

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
                ImageReference = ImageReferenceFor(string.IsNullOrWhiteSpace(spec.Image) ? Options.Image : spec.Image),
                OSDisk = new VirtualMachineOSDisk(DiskCreateOptionType.FromImage)
                {
                    Name = $"{spec.Name}-osdisk",
                    DeleteOption = DiskDeleteOptionType.Delete,
                    ManagedDisk = new VirtualMachineManagedDisk { StorageAccountType = StorageAccountType.StandardSsdLrs },
                },
            },
            OSProfile = new VirtualMachineOSProfile
            {
                ComputerName = spec.Name,
                AdminUsername = Options.AdminUserName,
                LinuxConfiguration = new LinuxConfiguration
                {
                    IsPasswordAuthenticationDisabled = true,
                    SshPublicKeys =
                    {
                        new SshPublicKeyConfiguration { Path = $"/home/{Options.AdminUserName}/.ssh/authorized_keys", KeyData = Options.SshPublicKey },
                    },
                },
            },
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
