using Dashboard.Core.Domain;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Core;

public sealed class SpotHistoryTests
{
    [Fact]
    public async Task Once_writes_are_flushed_the_eviction_history_names_the_machine_and_its_policy()
    {
        await using var core = await CoreHost.StartAsync();
        var node = core.Monitor.FindSession("genomics-hpc")!.Machines.First(m => m.IsSpot);

        var result = await core.Commands.SimulateEvictionAsync(node.Id, TestViewers.Ops);
        await Eventually.TrueAsync(() => core.Monitor.FindMachine(node.Id)?.State == MachineState.Evicted, "the node shows evicted");
        await core.Monitor.FlushWritesAsync();

        Assert.True(result.Succeeded, result.Message);
        var eviction = Assert.Single(await core.Store.RecentEvictionsAsync(10, CancellationToken.None));
        Assert.Equal((node.Name, EvictionPolicy.Delete), (eviction.MachineName, eviction.EvictionPolicy));
    }
}
