using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Azure.ResourceManager.Resources;
using Dashboard.Core.Domain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Cloud.Azure;

/// <summary>
/// Real Azure VMs through Azure.ResourceManager.Compute. State costs one paged list call per cycle. Power operations,
/// deletes and creations return once ARM accepted them (<see cref="WaitUntil.Started"/>): the poll's listing shows
/// their end, so no per-operation status is ever read. Every request is paced by ARM's buckets (see ArmPacingPolicy).
/// </summary>
public sealed partial class AzureCloud(
    ArmClient arm,
    [FromKeyedServices(AzureCloud.PollClient)] ArmClient pollArm,
    IOptions<AzureOptions> options) : ICloud
{
    /// <summary>Key of the client the poller uses: same endpoint and credential, fewer retries.</summary>
    public const string PollClient = "azure-poll";

    internal static readonly ResourceType NetworkInterfaceType = new("Microsoft.Network/networkInterfaces");
    internal const string NetworkApiVersion = "2023-09-01";

    private AzureOptions Options => options.Value;

    private AzureScope Scope => field ??= new AzureScope(Options);

    private SubscriptionResource PolledSubscription =>
        pollArm.GetSubscriptionResource(SubscriptionResource.CreateResourceIdentifier(Options.SubscriptionId));

    private ResourceGroupResource ResourceGroup =>
        arm.GetResourceGroupResource(ResourceGroupResource.CreateResourceIdentifier(Options.SubscriptionId, Options.ResourceGroup));

    public string IdFor(string machineName) =>
        VirtualMachineResource.CreateResourceIdentifier(Options.SubscriptionId, Options.ResourceGroup, machineName).ToString();

    public async Task<IReadOnlyList<CloudMachineStatus>> ListAsync(CancellationToken cancellationToken)
    {
        var result = new List<CloudMachineStatus>();
        var listedAt = DateTimeOffset.UtcNow;
        // One subscription-wide list-with-status call (paged) gives every VM's power state; only the configured
        // resource groups' VMs are kept: the rest of the subscription is not the dashboard's to see.
        await foreach (var vm in PolledSubscription.GetVirtualMachinesAsync(statusOnly: "true", cancellationToken: cancellationToken))
        {
            if (!Scope.Contains(vm.Id))
                continue;
            result.Add(StatusOf(vm));
        }

        Remember(listedAt, result);
        return result;
    }

    /// <summary>One VM with its instance view (one read), to confirm that a machine missing from listings is gone.</summary>
    public async Task<CloudMachineStatus?> ReadAsync(string cloudId, CancellationToken cancellationToken)
    {
        var id = Scope.VmOrRefuse(cloudId, "read");
        try
        {
            return StatusOf((await arm.GetVirtualMachineResource(id).GetAsync(InstanceViewType.InstanceView, cancellationToken)).Value);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException ex)
        {
            throw AzureErrors.Translate(ex, "read", id.Name);
        }
        catch (AuthenticationFailedException ex)
        {
            throw AzureErrors.SignInFailed(ex);
        }
    }

    private static CloudMachineStatus StatusOf(VirtualMachineResource vm)
    {
        var statuses = vm.Data.InstanceView?.Statuses ?? [];
        var codes = statuses.Select(s => s.Code).Where(c => c is not null).Cast<string>();
        return new CloudMachineStatus(vm.Id.ToString(), vm.Data.Name, AzurePowerState.From(codes),
            new Dictionary<string, string>(vm.Data.Tags, StringComparer.OrdinalIgnoreCase), DetailsOf(vm.Data))
        {
            Problem = ProblemOf(vm.Data.Name, statuses, out var since),
            ProblemSince = since,
        };
    }

    public Task StartAsync(string cloudId, CancellationToken cancellationToken) =>
        OnVmAsync(cloudId, "start", AzureOwnership.Adopted, vm => vm.PowerOnAsync(WaitUntil.Started, cancellationToken), cancellationToken);

    public Task StopAsync(string cloudId, CancellationToken cancellationToken) =>
        OnVmAsync(cloudId, "stop", AzureOwnership.Adopted, vm => vm.DeallocateAsync(WaitUntil.Started, cancellationToken: cancellationToken), cancellationToken);

    public Task HibernateAsync(string cloudId, CancellationToken cancellationToken) =>
        OnVmAsync(cloudId, "hibernate", AzureOwnership.Adopted, vm => vm.DeallocateAsync(WaitUntil.Started, hibernate: true, cancellationToken), cancellationToken);

    /// <summary>Waits for the restart to finish: a listing cannot tell a finished reboot from none.</summary>
    public Task RebootAsync(string cloudId, CancellationToken cancellationToken) =>
        OnVmAsync(cloudId, "reboot", AzureOwnership.Adopted, vm => vm.RestartAsync(WaitUntil.Completed, cancellationToken), cancellationToken);

    public Task SimulateEvictionAsync(string cloudId, CancellationToken cancellationToken) =>
        OnVmAsync(cloudId, "evict", AzureOwnership.Adopted, vm => vm.SimulateEvictionAsync(cancellationToken), cancellationToken);

    /// <summary>
    /// Deletes a VM the dashboard created (its creation tag says so); its NIC and OS disk go with it because the
    /// dashboard creates them with deleteOption=Delete. Nothing else is deleted: not an adopted VM, and no NIC or disk
    /// by name. A VM that is already gone needs no deleting.
    /// </summary>
    public Task DeleteAsync(string cloudId, CancellationToken cancellationToken) =>
        OnVmAsync(cloudId, "delete", AzureOwnership.Created, vm => vm.DeleteAsync(WaitUntil.Started, cancellationToken: cancellationToken), cancellationToken);

    private static CloudMachineDetails DetailsOf(VirtualMachineData data)
    {
        var spot = data.Priority == VirtualMachinePriorityType.Spot || data.Priority == VirtualMachinePriorityType.Low;
        EvictionPolicy? policy = !spot ? null
            : data.EvictionPolicy == VirtualMachineEvictionPolicyType.Delete ? EvictionPolicy.Delete : EvictionPolicy.Deallocate;
        var image = data.StorageProfile?.ImageReference is { } i
            ? i.Id?.ToString() ?? string.Join(':', i.Publisher, i.Offer, i.Sku, i.Version)
            : null;
        return new CloudMachineDetails(data.HardwareProfile?.VmSize?.ToString(), image,
            spot ? MachinePriority.Spot : MachinePriority.Regular, policy, data.AdditionalCapabilities?.HibernationEnabled == true);
    }

    // Azure appends the reason to a failed provisioning state: "ProvisioningState/failed/AllocationFailed".
    private static string? ProblemOf(string machine, IEnumerable<InstanceViewStatus> statuses, out DateTimeOffset? since)
    {
        var failed = statuses.FirstOrDefault(s => s.Code?.StartsWith("ProvisioningState/failed", StringComparison.OrdinalIgnoreCase) == true);
        since = failed?.Time;
        return failed is null ? null : AzureErrors.ProvisioningFailed(machine, failed.Code!.Split('/').ElementAtOrDefault(2), failed.Message);
    }

    private ResourceIdentifier NicIdFor(string machineName) =>
        new($"/subscriptions/{Options.SubscriptionId}/resourceGroups/{Options.ResourceGroup}/providers/Microsoft.Network/networkInterfaces/{machineName}-nic");

    // Refused before anything is sent when the VM is outside the resource groups or not the dashboard's to touch.
    private async Task OnVmAsync(string cloudId, string operation, AzureOwnership required, Func<VirtualMachineResource, Task> call,
        CancellationToken cancellationToken)
    {
        var id = Scope.VmOrRefuse(cloudId, operation);
        try
        {
            if (!await IsOursAsync(id, operation, required, cancellationToken))
            {
                if (required == AzureOwnership.Created)
                    return; // deleting what is gone is done
                throw new CloudOperationException("NotFound", $"{id.Name} no longer exists in Azure.");
            }
            await call(arm.GetVirtualMachineResource(id));
        }
        catch (RequestFailedException ex)
        {
            throw AzureErrors.Translate(ex, operation, id.Name);
        }
        catch (AuthenticationFailedException ex)
        {
            throw AzureErrors.SignInFailed(ex);
        }
    }

    private static async Task DeleteIfPresentAsync(Func<Task> delete)
    {
        try
        {
            await delete();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }
}
