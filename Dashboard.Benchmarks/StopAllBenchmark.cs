using System.Diagnostics;
using Dashboard.Core.Actions;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Benchmarks;

using Dashboard.ArmEmulator;

public sealed record BenchmarkResult(int RequestsPerPoll, int ReadsPerPoll, double Ratio, int Writes, int Failed);

/// <summary>What one poll cycle costs, and Stop All's wall time divided by one VM's stop, on an unthrottled endpoint.</summary>
public static class StopAllBenchmark
{
    public static async Task<BenchmarkResult> RunAsync(int vms, TimeSpan latency)
    {
        await using var server = await ArmEmulator.StartAsync(new ArmEmulatorOptions { SubscriptionId = BenchmarkHost.Subscription, OperationLatency = latency });
        for (var i = 1; i <= vms; i++)
        {
            server.Emulator.AddVirtualMachine(BenchmarkHost.ResourceGroup, $"bench-{i:000}", tags: BenchmarkAdoption.PoolTags("bench"));
        }

        using var bench = BenchmarkHost.Start(server, new Dictionary<string, string?> { ["Cloud:PollSeconds"] = "3600", ["Cloud:BusyPollSeconds"] = "0.5" });
        var services = bench.Host.Services;
        var monitor = services.GetRequiredService<SessionMonitor>();
        var commands = services.GetRequiredService<MachineCommands>();
        var poller = services.GetRequiredService<CloudPoller>();
        await BenchmarkAdoption.AdoptAsync(services, "bench", vms, TimeSpan.FromMinutes(2));

        server.Emulator.ResetCounts();
        await poller.PollOnceAsync(CancellationToken.None);
        var perPoll = server.Emulator.Counts;

        // One VM's stop, then the whole session's, through the same command path.
        var session = monitor.FindSession("bench")!;
        var one = Stopwatch.StartNew();
        await commands.RunAsync(session.Machines[0].Id, MachineAction.Stop, Dashboard.Core.People.Viewer.System);
        one.Stop();

        server.Emulator.ResetCounts();
        var all = Stopwatch.StartNew();
        var batch = await commands.RunBatchAsync(session.Id, BatchAction.StopAll, Dashboard.Core.People.Viewer.System);
        all.Stop();
        // The first VM was already stopped: the batch stopped vms - 1 machines.
        return new BenchmarkResult(perPoll.Total, perPoll.Read, all.Elapsed / one.Elapsed, server.Emulator.Counts.Write, batch.Failed.Count);
    }
}
