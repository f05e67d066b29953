using System.Text.Json.Nodes;
using Dashboard.ArmEmulator.Internal;

namespace Dashboard.ArmEmulator;

/// <summary>
/// State and behaviour of a local Azure Resource Manager for Microsoft.Compute virtual machines (plus the
/// network interfaces, disks and snapshots they use), spoken over ARM's REST protocol so that the real
/// Azure SDK can be tested and benchmarked without Azure. Thread-safe: one lock guards all state, and
/// handlers build their response under it.
/// </summary>
public sealed partial class ArmEmulator
{
    private readonly Lock _gate = new();
    private readonly ArmEmulatorOptions _options;
    private readonly TimeProvider _time;

    // Sorted by id so list pages stay stable while VMs come and go between page requests.
    private readonly SortedDictionary<string, VmState> _vms = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, PlainResource> _nics = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, PlainResource> _disks = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, PlainResource> _snapshots = new(StringComparer.OrdinalIgnoreCase);

    public ArmEmulator(ArmEmulatorOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PageSize, 1);
        _options = options;
        _time = time ?? TimeProvider.System;
        _throttle = options.Throttling is { } limits ? new SubscriptionThrottle(limits, _time) : null;
        _routes = CreateRoutes();
    }

    private string Subscription => _options.SubscriptionId;

    /// <summary>
    /// Adds a provisioned VM with its network interface ({name}-nic) and OS disk ({name}-osdisk), both
    /// deleted with the VM, as a dashboard would find it in Azure.
    /// </summary>
    public void AddVirtualMachine(string resourceGroup, string name, string size = "Standard_B2s", bool spot = false,
        string? evictionPolicy = null, bool hibernationEnabled = false, IDictionary<string, string>? tags = null,
        string powerState = "running")
    {
        var nicId = Ids.Of(Subscription, resourceGroup, Ids.NicType, $"{name}-nic");
        var body = VmBody.Seed(_options.Location, size, spot, evictionPolicy, hibernationEnabled, $"{name}-osdisk", nicId);
        if (VmBody.Validate(body) is { } invalid)
            throw new ArgumentException(Json.Str(invalid.Body?["error"]?["message"]));
        var id = Ids.Of(Subscription, resourceGroup, Ids.VmType, name);
        lock (_gate)
        {
            if (_vms.ContainsKey(id))
                throw new InvalidOperationException($"VM '{name}' already exists in resource group '{resourceGroup}'.");
            _nics[nicId] = new PlainResource(nicId, Ids.NicType, _options.Location)
            {
                Properties = new JsonObject { ["provisioningState"] = "Succeeded" },
            };
            var vm = NewVm(id, body, resourceGroup);
            vm.PowerState = powerState;
            if (tags is not null)
                vm.Tags = new Dictionary<string, string>(tags, StringComparer.OrdinalIgnoreCase);
            AttachNics(vm);
            CreateOsDisk(vm);
        }
    }

    public IReadOnlyList<string> VirtualMachineNames
    {
        get
        {
            lock (_gate)
                return _vms.Values.Select(v => v.Name).ToList();
        }
    }

    /// <summary>"running", "starting", "stopping", "stopped", "deallocating" or "deallocated"; null when no such VM.</summary>
    public string? PowerStateOf(string name)
    {
        lock (_gate)
            return FindByName(name)?.PowerState;
    }

    /// <summary>"Creating", "Succeeded", "Deleting" or "Failed"; null when no such VM.</summary>
    public string? ProvisioningStateOf(string name)
    {
        lock (_gate)
            return FindByName(name)?.ProvisioningState;
    }

    public bool IsHibernated(string name)
    {
        lock (_gate)
            return FindByName(name)?.Hibernated ?? false;
    }

    /// <summary>Whether a VM, network interface, disk or snapshot with this id exists (ids are case-insensitive).</summary>
    public bool ResourceExists(string resourceId)
    {
        var id = Ids.Normalize(resourceId);
        lock (_gate)
            return _vms.ContainsKey(id) || _nics.ContainsKey(id) || _disks.ContainsKey(id) || _snapshots.ContainsKey(id);
    }

    public IReadOnlyDictionary<string, string> TagsOf(string vmName)
    {
        lock (_gate)
            return new Dictionary<string, string>(FindByName(vmName)?.Tags ?? [], StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The body of the last PUT that created or updated this VM, exactly as received.</summary>
    public JsonNode? LastPutBody(string vmName)
    {
        lock (_gate)
            return FindByName(vmName)?.PutBody?.DeepClone();
    }

    // Caller holds the lock. Names are unique per resource group; the first match wins across groups.
    private VmState? FindByName(string name) =>
        _vms.Values.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));

    private VmState NewVm(string id, JsonObject body, string resourceGroup)
    {
        var vm = new VmState(id, Json.Str(body["location"])!, VmBody.Properties(body, Subscription, resourceGroup, Ids.NameOf(id)))
        {
            TimeCreated = _time.GetUtcNow(),
            Tags = Json.Tags(body["tags"]),
        };
        _vms[id] = vm;
        return vm;
    }
}
