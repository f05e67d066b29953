using Azure.Core;
using Azure.Core.Pipeline;
using Dashboard.Core.Cloud.Azure;
using Dashboard.Core.Discovery;
using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Core.Setup;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.AzureBackend;

using Dashboard.ArmEmulator;

/// <summary>The dashboard's Core on the Azure backend, its real SDK talking to the local ARM emulator in-process.</summary>
public sealed class AzureHarness : IAsyncDisposable
{
    public const string Subscription = "00000000-0000-0000-0000-000000000001";
    public const string ResourceGroup = "sessions";

    private AzureHarness(ArmEmulator emulator, CoreHost core)
    {
        Emulator = emulator;
        Core = core;
    }

    public ArmEmulator Emulator { get; }
    public CoreHost Core { get; }
    public AzureCloud Cloud => Core.Services.GetRequiredService<AzureCloud>();
    public DiscoveredMachines Discovered => Core.Services.GetRequiredService<DiscoveredMachines>();
    public MachineAdoption Adoption => Core.Services.GetRequiredService<MachineAdoption>();

    /// <summary>Tags of a VM the dashboard created (seeded VMs stand for machines it made before).</summary>
    public static Dictionary<string, string> CreatedTags(string session, string role, string kind) => new()
    {
        ["dashboard-session"] = session, ["dashboard-role"] = role, ["dashboard-kind"] = kind, [AzureOwnershipTags.Created] = "true",
    };

    /// <summary>
    /// Waits until the listing shows <paramref name="count"/> discovered machines tagged <paramref name="sessionTag"/>,
    /// then adopts them all as an admin into a session of that name owned by the demo instructor.
    /// </summary>
    public Task<SessionView> AdoptAsync(string sessionTag, int count, TimeSpan? timeout = null) =>
        AdoptAsync(Core, sessionTag, count, timeout);

    public static Task<SessionView> AdoptAsync(CoreHost core, string sessionTag, int count, TimeSpan? timeout = null) =>
        AdoptAsync(core.Services, sessionTag, count, timeout);

    public static async Task<SessionView> AdoptAsync(IServiceProvider services, string sessionTag, int count, TimeSpan? timeout = null)
    {
        var discovered = services.GetRequiredService<DiscoveredMachines>();
        await TestAccounts.EnsureAsync(services, DemoData.Instructor, Roles.Instructor);
        await Eventually.TrueAsync(() => discovered.Current.Count(d => d.SessionTag == sessionTag) == count,
            $"{count} machines tagged {sessionTag} are discovered", timeout);
        var ids = discovered.Current.Where(d => d.SessionTag == sessionTag).Select(d => d.CloudId).ToList();
        var adoption = services.GetRequiredService<MachineAdoption>();
        var result = await adoption.AdoptAsync(TestViewers.Admin, new AdoptionRequest(ids, sessionTag, DemoData.Instructor));
        Assert.True(result.Succeeded, result.Message);
        return services.GetRequiredService<Dashboard.Core.Live.SessionMonitor>().FindSession(sessionTag)!;
    }

    public static async Task<AzureHarness> StartAsync(Action<ArmEmulator>? seed = null, TimeSpan? latency = null,
        ArmLimits? throttling = null, IDictionary<string, string?>? settings = null)
    {
        var emulator = new ArmEmulator(new ArmEmulatorOptions
        {
            SubscriptionId = Subscription,
            OperationLatency = latency ?? TimeSpan.FromMilliseconds(200),
            Throttling = throttling,
        });
        seed?.Invoke(emulator);
        var values = Settings();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            values[key] = value;
        var core = await CoreHost.StartAsync(values, services =>
        {
            services.AddSingleton<TokenCredential>(new FixedTokenCredential());
            services.AddSingleton<HttpPipelineTransport>(new HttpClientTransport(emulator.CreateHandler()));
        });
        return new AzureHarness(emulator, core);
    }

    public static Dictionary<string, string?> Settings() => new()
    {
        ["Cloud:Provider"] = "Azure",
        ["Cloud:PollSeconds"] = "0.2",
        ["Azure:SubscriptionId"] = Subscription,
        ["Azure:ResourceGroup"] = ResourceGroup,
        ["Azure:Location"] = "westeurope",
        ["Azure:ResourceManagerEndpoint"] = "https://arm.local/",
        ["Azure:Audience"] = "https://arm.local",
        ["Azure:SubnetId"] = $"/subscriptions/{Subscription}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default",
        ["Azure:SshPublicKey"] = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA test@dashboard",
    };

    public ValueTask DisposeAsync() => Core.DisposeAsync();
}
