using Dashboard.Core.People;
using Dashboard.Core.Domain;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Core;

public sealed class DemoSeedTests
{
    [Fact]
    public async Task First_start_with_the_simulated_cloud_seeds_one_session_of_each_kind()
    {
        await using var core = await CoreHost.StartAsync();

        var sessions = core.Monitor.Sessions;

        Assert.Equal(
            [FormationKind.MachinePool, FormationKind.VirtualLab, FormationKind.BigDataCluster, FormationKind.HpcCluster],
            sessions.Select(s => s.Kind));
        Assert.Equal(12, sessions[0].Machines.Length);
        var spark = sessions[2];
        Assert.Equal(6, spark.Machines.Count(m => m.Role == MachineRole.Worker));
        Assert.Equal(4, spark.Machines.Count(m => m.Role == MachineRole.Worker && m.IsSpot));
        var hpc = sessions[3];
        Assert.Equal(8, hpc.Machines.Count(m => m.Role == MachineRole.Compute && m.IsSpot));
        Assert.NotNull(hpc.SharedStorage);
        Assert.All(sessions.SelectMany(s => s.Machines), m => Assert.Equal(MachineState.Running, m.State));
    }

    [Fact]
    public async Task Stopping_a_worker_passes_through_stopping_to_deallocated()
    {
        await using var core = await CoreHost.StartAsync();
        var worker = core.Monitor.FindSession("spark-analytics")!.Machines.First(m => m.Role == MachineRole.Worker);
        var seen = new List<MachineState>();
        using var subscription = core.Monitor.Subscribe();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var watching = Task.Run(async () =>
        {
            await foreach (var batch in subscription.ReadChangesAsync(TimeSpan.Zero, cts.Token))
            {
                var state = batch.Single().Session.Machines.First(m => m.Id == worker.Id).State;
                if (seen.LastOrDefault() != state)
                    seen.Add(state);
                if (state == MachineState.Deallocated)
                    return;
            }
        });

        var result = await core.Commands.RunAsync(worker.Id, MachineAction.Stop, TestViewers.Admin);
        await watching;

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(MachineState.Stopping, seen[0]);
        Assert.Equal(MachineState.Deallocated, seen[^1]);
    }
}
