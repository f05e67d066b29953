using Azure.Core;

namespace Dashboard.Core.Cloud.Azure;

/// <summary>
/// The resource groups the dashboard may see and touch: Azure:ResourceGroup (where it creates machines) plus
/// Azure:WatchResourceGroups. Everything else in the subscription is another team's.
/// </summary>
internal sealed class AzureScope(AzureOptions options)
{
    private readonly HashSet<string> _groups = new(
        options.WatchResourceGroups.Prepend(options.ResourceGroup).Where(g => !string.IsNullOrWhiteSpace(g)).Select(g => g.Trim()),
        StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Groups => _groups;

    public bool Contains(ResourceIdentifier id) =>
        string.Equals(id.SubscriptionId, options.SubscriptionId, StringComparison.OrdinalIgnoreCase)
        && id.ResourceGroupName is { } group && _groups.Contains(group);

    /// <summary>The VM's id when it is one of ours to act on; otherwise the refusal, in words.</summary>
    public ResourceIdentifier VmOrRefuse(string cloudId, string operation)
    {
        ResourceIdentifier id;
        try
        {
            id = new ResourceIdentifier(cloudId);
        }
        catch (FormatException)
        {
            throw new CloudOperationException("OutsideResourceGroups", $"\"{cloudId}\" is not an Azure VM id; the dashboard will not {operation} it.");
        }

        if (!id.ResourceType.Equals(new ResourceType("Microsoft.Compute/virtualMachines")))
            throw new CloudOperationException("OutsideResourceGroups", $"{id.Name} is not a virtual machine; the dashboard will not {operation} it.");
        if (!Contains(id))
        {
            throw new CloudOperationException("OutsideResourceGroups",
                $"{id.Name} is in resource group {id.ResourceGroupName ?? "(none)"}, which this dashboard does not manage "
                + $"(Azure:ResourceGroup, Azure:WatchResourceGroups); it will not {operation} it.");
        }

        return id;
    }
}
