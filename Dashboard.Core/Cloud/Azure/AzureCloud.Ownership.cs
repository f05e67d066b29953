using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;

namespace Dashboard.Core.Cloud.Azure;

// Whose each VM is. The latest listing's tags answer without a request; a VM it does not show yet costs one read.
public sealed partial class AzureCloud
{
    private Listing? _listing;

    private sealed record Listing(DateTimeOffset At, ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> TagsById);

    private void Remember(DateTimeOffset at, IReadOnlyList<CloudMachineStatus> listed)
    {
        var tags = new ConcurrentDictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var status in listed)
            tags.TryAdd(status.CloudId, status.Tags);
        Volatile.Write(ref _listing, new Listing(at, tags));
    }

    /// <summary>The latest listing, listing now when there has been none.</summary>
    private async Task<Listing> LatestListingAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _listing) is { } listing)
            return listing;
        await ListAsync(cancellationToken);
        return Volatile.Read(ref _listing)!;
    }

    /// <summary>
    /// Whether the VM is the dashboard's enough for this operation: deleting needs its creation tag, anything else
    /// its creation or adoption tag. False when the VM does not exist; throws the refusal, in words, otherwise.
    /// </summary>
    private async Task<bool> IsOursAsync(ResourceIdentifier id, string operation, AzureOwnership required, CancellationToken cancellationToken)
    {
        var tags = await TagsOfAsync(id, cancellationToken);
        if (tags is null)
            return false;
        var ownership = AzureOwnershipTags.Of(tags);
        if (ownership >= required)
            return true;
        throw new CloudOperationException("NotTheDashboards", ownership == AzureOwnership.Adopted
            ? $"{id.Name} was adopted, not created, by the dashboard, and it deletes only the VMs it created. Delete it in Azure if that is meant."
            : $"{id.Name} was neither created by the dashboard nor adopted by an admin; the dashboard will not {operation} it.");
    }

    private async Task<IReadOnlyDictionary<string, string>?> TagsOfAsync(ResourceIdentifier id, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _listing)?.TagsById.TryGetValue(id.ToString(), out var listed) == true)
            return listed;
        try
        {
            VirtualMachineResource vm = await arm.GetVirtualMachineResource(id).GetAsync(cancellationToken: cancellationToken);
            return new Dictionary<string, string>(vm.Data.Tags, StringComparer.OrdinalIgnoreCase);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Tags the VM as adopted, so that the dashboard may act on it from now on (and after a restart).</summary>
    public async Task MarkAdoptedAsync(string cloudId, CancellationToken cancellationToken)
    {
        var id = Scope.VmOrRefuse(cloudId, "adopt");
        try
        {
            var tags = await TagsOfAsync(id, cancellationToken)
                ?? throw new CloudOperationException("NotFound", $"{id.Name} no longer exists in Azure.");
            if (AzureOwnershipTags.Of(tags) != AzureOwnership.Foreign)
                return;
            var patch = new VirtualMachinePatch();
            foreach (var (key, value) in tags)
                patch.Tags[key] = value;
            patch.Tags[AzureOwnershipTags.Adopted] = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            await arm.GetVirtualMachineResource(id).UpdateAsync(WaitUntil.Completed, patch, cancellationToken: cancellationToken);
            if (Volatile.Read(ref _listing) is { } listing)
                listing.TagsById[id.ToString()] = new Dictionary<string, string>(patch.Tags, StringComparer.OrdinalIgnoreCase);
        }
        catch (RequestFailedException ex)
        {
            throw AzureErrors.Translate(ex, "adopt", id.Name);
        }
        catch (AuthenticationFailedException ex)
        {
            throw AzureErrors.SignInFailed(ex);
        }
    }
}
