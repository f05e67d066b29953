using Dashboard.Core.Domain;
using Dashboard.Core.Spot;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Spot;

public sealed class SpotEventsTests
{
    [Fact]
    public async Task An_eviction_the_listing_shows_is_raised_once_with_the_session_the_owner_and_the_policy()
    {
        await using var core = await CoreHost.StartAsync();
        var events = core.Services.GetRequiredService<SpotEvents>().Subscribe();
        var worker = core.Monitor.FindSession("spark-analytics")!.Machines.First(m => m.IsSpot);

        await core.Cloud.SimulateEvictionAsync(worker.CloudId!, CancellationToken.None);

        var raised = await events.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(SpotEventKind.Evicted, raised.Kind);
        Assert.Equal(worker.Name, raised.MachineName);
        Assert.Equal("spark-analytics", raised.SessionName);
        Assert.Equal(worker.EvictionPolicy, raised.Policy);
        Assert.Equal(core.Monitor.FindSession("spark-analytics")!.Owner, raised.Owner);
        await Eventually.TrueAsync(() => core.Monitor.FindMachine(worker.Id)?.State == MachineState.Evicted, "the machine shows as evicted");
        Assert.False(events.TryRead(out _));
    }
}
