using Dashboard.Core.Actions;
using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Hubs;
using Dashboard.Tests.AzureBackend;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.ScaleOut;

using Dashboard.ArmEmulator;

/// <summary>Two whole dashboard apps behind one address: a hub client on one sees what a command on the other did.</summary>
[Collection(RedisCollection.Name)]
public sealed class HubAcrossServersTests(RedisServer redis)
{
    [Fact]
    public async Task A_hub_client_on_one_server_receives_the_change_a_command_on_the_other_made()
    {
        var arm = new ArmEmulator(new ArmEmulatorOptions { SubscriptionId = AzureHarness.Subscription, OperationLatency = TimeSpan.FromMilliseconds(300) });
        arm.AddVirtualMachine(AzureHarness.ResourceGroup, "lab-01", tags: AzureHarness.CreatedTags("lab", "Student", "WorkshopPool"),
            powerState: "deallocated");
        var settings = ScaleOutApps.Settings(redis);
        using var folder = new TempFolder();
        await using var first = ScaleOutApps.App(folder, settings, arm);
        _ = first.Server;
        await AzureHarness.AdoptAsync(first.Services, "lab", 1);
        await using var second = ScaleOutApps.App(folder, settings, arm);
        _ = second.Server;

        // The server that does not poll is ready too: its cloud health is the polling server's, its Redis answers.
        using var http = second.CreateClient();
        await Eventually.TrueAsync(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, "the follower is ready");
        var ready = await http.GetStringAsync("/health/ready");
        Assert.DoesNotContain("Unhealthy", ready, StringComparison.OrdinalIgnoreCase);

        // The SignalR backplane is Redis's, so hub messages reach connections on either server.
        Assert.IsType<RedisHubLifetimeManager<SessionsHub>>(second.Services.GetRequiredService<HubLifetimeManager<SessionsHub>>());
        var client = new RecordingHubClient(TestHubConnections.Build(second.Server, "ops@demo.test", Roles.Ops));
        await client.Connection.StartAsync();
        var watched = await client.Connection.InvokeAsync<IReadOnlyList<SessionView>>("WatchAll");
        Assert.Contains(watched, s => s.Name == "lab");

        var machine = watched.Single(s => s.Name == "lab").Machines.Single();
        var started = await first.Services.GetRequiredService<MachineCommands>().RunAsync(machine.Id, MachineAction.Start, TestViewers.Admin);

        Assert.True(started.Succeeded, started.Message);
        await Eventually.TrueAsync(() => client.Saw("lab-01", MachineState.Starting), "the client on the other server sees the start");
        await Eventually.TrueAsync(() => client.Saw("lab-01", MachineState.Running), "and sees it running");
        await client.Connection.DisposeAsync();
    }
}
