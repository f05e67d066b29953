using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Azure.ResourceManager.Resources;

namespace Dashboard.Tests.ArmEmulator;

// Inside the namespace so that ArmEmulator names the type, not this test namespace.
using Dashboard.ArmEmulator;

/// <summary>Any fixed token: the emulator only checks that a bearer token is present.</summary>
internal sealed class StaticTokenCredential : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new("emulator-token", DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(GetToken(requestContext, cancellationToken));
}

/// <summary>An emulator reached in-process by the real Azure SDK, with helpers to create what tests need.</summary>
internal sealed class ArmHarness : IDisposable
{
    public const string Group = "rg-lab";
    private readonly HttpMessageHandler _handler;

    public ArmHarness(TimeSpan? latency = null, ArmLimits? throttling = null)
    {
        Options = new ArmEmulatorOptions { OperationLatency = latency ?? TimeSpan.FromMilliseconds(150), Throttling = throttling };
        Emulator = new ArmEmulator(Options);
        _handler = Emulator.CreateHandler();
        // https even in-process: Azure.Core refuses to send bearer tokens over plain http.
        Client = CreateClient(new Uri("https://arm.local/"), _handler, Options.SubscriptionId);
    }

    public ArmEmulatorOptions Options { get; }
    public ArmEmulator Emulator { get; }
    public ArmClient Client { get; }
    public string Subscription => Options.SubscriptionId;

    public SubscriptionResource SubscriptionResource =>
        Client.GetSubscriptionResource(SubscriptionResource.CreateResourceIdentifier(Subscription));

    public ResourceGroupResource ResourceGroup =>
        Client.GetResourceGroupResource(ResourceGroupResource.CreateResourceIdentifier(Subscription, Group));

    public static ArmClient CreateClient(Uri endpoint, HttpMessageHandler handler, string subscriptionId)
    {
        var options = new ArmClientOptions
        {
            Environment = new ArmEnvironment(endpoint, endpoint.GetLeftPart(UriPartial.Authority)),
            Transport = new HttpClientTransport(handler),
        };
        options.SetApiVersion(new ResourceType("Microsoft.Network/networkInterfaces"), "2023-09-01");
        return new ArmClient(new StaticTokenCredential(), subscriptionId, options);
    }

    public VirtualMachineResource Vm(string name) =>
        Client.GetVirtualMachineResource(VirtualMachineResource.CreateResourceIdentifier(Subscription, Group, name));

    public string IdOf(string type, string name) =>
        $"/subscriptions/{Subscription}/resourceGroups/{Group}/providers/{type}/{name}";

    public async Task<ResourceIdentifier> CreateNicAsync(string name)
    {
        var id = new ResourceIdentifier(IdOf("Microsoft.Network/networkInterfaces", name));
        var subnet = $"/subscriptions/{Subscription}/resourceGroups/{Group}/providers/Microsoft.Network/virtualNetworks/lab/subnets/default";
        var nic = new GenericResourceData(new AzureLocation(Options.Location))
        {
            Properties = BinaryData.FromObjectAsJson(new
            {
                ipConfigurations = new[]
                {
                    new { name = "ipconfig1", properties = new { privateIPAllocationMethod = "Dynamic", subnet = new { id = subnet } } },
                },
            }),
        };
        await Client.GetGenericResources().CreateOrUpdateAsync(WaitUntil.Completed, id, nic);
        return id;
    }

    public static VirtualMachineData VmData(string name, ResourceIdentifier nicId, bool spot = false,
        VirtualMachineEvictionPolicyType? eviction = null, bool hibernation = false) => new(new AzureLocation("westeurope"))
    {
        HardwareProfile = new VirtualMachineHardwareProfile { VmSize = VirtualMachineSizeType.StandardB2S },
        StorageProfile = new VirtualMachineStorageProfile
        {
            ImageReference = new ImageReference { Publisher = "Canonical", Offer = "ubuntu-24_04-lts", Sku = "server", Version = "latest" },
            OSDisk = new VirtualMachineOSDisk(DiskCreateOptionType.FromImage)
            {
                Name = $"{name}-osdisk",
                DeleteOption = DiskDeleteOptionType.Delete,
                ManagedDisk = new VirtualMachineManagedDisk { StorageAccountType = StorageAccountType.PremiumLrs },
            },
        },
        OSProfile = new VirtualMachineOSProfile { ComputerName = name, AdminUsername = "lab", AdminPassword = "Not-a-real-secret-1" },
        NetworkProfile = new VirtualMachineNetworkProfile
        {
            NetworkInterfaces = { new VirtualMachineNetworkInterfaceReference { Id = nicId, Primary = true, DeleteOption = ComputeDeleteOption.Delete } },
        },
        Priority = spot ? VirtualMachinePriorityType.Spot : VirtualMachinePriorityType.Regular,
        EvictionPolicy = spot ? eviction ?? VirtualMachineEvictionPolicyType.Deallocate : (VirtualMachineEvictionPolicyType?)null,
        BillingMaxPrice = spot ? -1 : null,
        AdditionalCapabilities = new AdditionalCapabilities { HibernationEnabled = hibernation },
        Tags = { ["session"] = "lab-1" },
    };

    public async Task<VirtualMachineResource> CreateVmAsync(string name, bool spot = false,
        VirtualMachineEvictionPolicyType? eviction = null, bool hibernation = false)
    {
        var nicId = await CreateNicAsync($"{name}-nic");
        var operation = await ResourceGroup.GetVirtualMachines()
            .CreateOrUpdateAsync(WaitUntil.Completed, name, VmData(name, nicId, spot, eviction, hibernation));
        return operation.Value;
    }

    public void Dispose() => _handler.Dispose();
}
