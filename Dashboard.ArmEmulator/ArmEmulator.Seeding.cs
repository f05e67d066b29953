using System.Text.Json.Nodes;
using Dashboard.ArmEmulator.Internal;

namespace Dashboard.ArmEmulator;

// Resources someone else made (a network interface or a disk without a VM), and reads by resource group, for tests
// that check what the dashboard leaves alone.
public sealed partial class ArmEmulator
{
    /// <summary>Adds a network interface that belongs to no VM.</summary>
    public void AddNetworkInterface(string resourceGroup, string name, IDictionary<string, string>? tags = null)
    {
        var id = Ids.Of(Subscription, resourceGroup, Ids.NicType, name);
        lock (_gate)
        {
            if (_nics.ContainsKey(id))
                throw new InvalidOperationException($"Network interface '{name}' already exists in resource group '{resourceGroup}'.");
            _nics[id] = new PlainResource(id, Ids.NicType, _options.Location)
            {
                Tags = new Dictionary<string, string>(tags ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase),
                Properties = new JsonObject { ["provisioningState"] = "Succeeded", ["resourceGuid"] = Guid.NewGuid().ToString() },
            };
        }
    }

    /// <summary>Adds an unattached managed disk.</summary>
    public void AddDisk(string resourceGroup, string name, IDictionary<string, string>? tags = null)
    {
        var id = Ids.Of(Subscription, resourceGroup, Ids.DiskType, name);
        lock (_gate)
        {
            if (_disks.ContainsKey(id))
                throw new InvalidOperationException($"Disk '{name}' already exists in resource group '{resourceGroup}'.");
            _disks[id] = new PlainResource(id, Ids.DiskType, _options.Location)
            {
                Tags = new Dictionary<string, string>(tags ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase),
                Sku = new JsonObject { ["name"] = "Premium_LRS" },
                Properties = new JsonObject
                {
                    ["creationData"] = new JsonObject { ["createOption"] = "Empty" },
                    ["diskSizeGB"] = 32,
                    ["provisioningState"] = "Succeeded",
                    ["diskState"] = "Unattached",
                    ["uniqueId"] = Guid.NewGuid().ToString(),
                },
            };
        }
    }

    /// <summary>The resource id a VM of this name has in this resource group.</summary>
    public string VirtualMachineId(string resourceGroup, string name) => Ids.Of(Subscription, resourceGroup, Ids.VmType, name);

    public string NetworkInterfaceId(string resourceGroup, string name) => Ids.Of(Subscription, resourceGroup, Ids.NicType, name);

    public string DiskId(string resourceGroup, string name) => Ids.Of(Subscription, resourceGroup, Ids.DiskType, name);

    /// <summary>Tags of the VM of this name in this resource group; null when there is none.</summary>
    public IReadOnlyDictionary<string, string>? TagsOf(string resourceGroup, string vmName)
    {
        lock (_gate)
        {
            return _vms.TryGetValue(VirtualMachineId(resourceGroup, vmName), out var vm)
                ? new Dictionary<string, string>(vm.Tags, StringComparer.OrdinalIgnoreCase)
                : null;
        }
    }

    /// <summary>A network interface or disk as ARM would return it; null when there is none.</summary>
    public JsonNode? PlainResourceOf(string resourceId)
    {
        var id = Ids.Normalize(resourceId);
        lock (_gate)
            return (_nics.GetValueOrDefault(id) ?? _disks.GetValueOrDefault(id))?.Render();
    }

    /// <summary>Whether the VM was created by a create-only PUT (If-None-Match: *).</summary>
    public bool WasCreatedCreateOnly(string vmName)
    {
        lock (_gate)
            return FindByName(vmName)?.CreatedCreateOnly ?? false;
    }

    /// <summary>"running", "deallocated", ... of the VM of this name in this resource group; null when there is none.</summary>
    public string? PowerStateOf(string resourceGroup, string vmName)
    {
        lock (_gate)
            return _vms.GetValueOrDefault(VirtualMachineId(resourceGroup, vmName))?.PowerState;
    }
}
