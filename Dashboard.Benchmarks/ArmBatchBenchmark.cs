using System.Diagnostics;
using Dashboard.Core.Actions;
using Dashboard.Core.Cloud.Pacing;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.Persistence;
using Dashboard.Core.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Benchmarks;

using Dashboard.ArmEmulator;

/// <summary>One batch scenario's figures: wall time against the bound ARM's limits set, and what ARM saw.</summary>
public sealed record BatchFigures(string Scenario, int Machines, double Seconds, double Bound, RequestCounts Counts, int Failed);

/// <summary>
/// Start All, Stop All, Terminate All and creating a session of N machines through the dashboard's Core (Azure backend,
/// real SDK) against the local ARM endpoint enforcing Azure's published limits (writes and deletes 200 burst, 10/s;
/// reads 250, 25/s) with a fixed operation latency.
/// </summary>
public static class ArmBatchBenchmark
{
    public static async Task<IReadOnlyList<BatchFigures>> RunAsync(int vms, TimeSpan latency)
    {
        await using var server = await ArmEmulator.StartAsync(new ArmEmulatorOptions
        {
            SubscriptionId = BenchmarkHost.Subscription, OperationLatency = latency, Throttling = ArmLimits.Azure,
        });
        for (var i = 1; i <= vms; i++)
        {
            server.Emulator.AddVirtualMachine(BenchmarkHost.ResourceGroup, $"bench-{i:000}", tags: BenchmarkAdoption.PoolTags("bench"));
        }

        using var bench = BenchmarkHost.Start(server, new Dictionary<string, string?> { ["Cloud:PollSeconds"] = "5" });
        var host = bench.Host;
        var monitor = host.Services.GetRequiredService<SessionMonitor>();
        var commands = host.Services.GetRequiredService<MachineCommands>();
        await BenchmarkAdoption.AdoptAsync(host.Services, "bench", vms, TimeSpan.FromMinutes(2));
        var session = monitor.FindSession("bench")!;

        var figures = new List<BatchFigures>();
        foreach (var batch in new[] { BatchAction.StopAll, BatchAction.StartAll, BatchAction.TerminateAll })
        {
            await RefillAsync(latency);
            server.Emulator.ResetCounts();
            var clock = Stopwatch.StartNew();
            var result = await commands.RunBatchAsync(session.Id, batch, Dashboard.Core.People.Viewer.System);
            figures.Add(new BatchFigures(ActionRules.LabelOf(batch), vms, clock.Elapsed.TotalSeconds,
                Bound(latency, vms), server.Emulator.Counts, result.Failed.Count));
        }

        await RefillAsync(latency);
        figures.Add(await CreateAsync(host.Services, server.Emulator, vms, latency));
        return figures;
    }

    /// <summary>1.2 × (one operation + the writes beyond the burst at the refill rate), per write per machine.</summary>
    public static double Bound(TimeSpan latency, int writes) =>
        1.2 * (latency.TotalSeconds + Math.Max(0, writes - 200) / 10.0);

    private static async Task<BatchFigures> CreateAsync(IServiceProvider services, ArmEmulator emulator, int vms, TimeSpan latency)
    {
        var store = services.GetRequiredService<SessionStore>();
        var provisioner = services.GetRequiredService<SessionProvisioner>();
        var monitor = services.GetRequiredService<SessionMonitor>();
        var formation = (await store.GetFormationsAsync(CancellationToken.None)).First(f => f.Kind == FormationKind.MachinePool);
        emulator.ResetCounts();
        var clock = Stopwatch.StartNew();
        var created = await provisioner.CreateAsync(new CreateSessionRequest
        {
            FormationId = formation.Id, Name = "fresh", Count = vms, Size = formation.Size,
        }, Dashboard.Core.People.Viewer.For("bench@example.test", Dashboard.Core.People.Roles.Admin), CancellationToken.None);
        var id = created.Session?.Id ?? throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Message)));
        await WaitAsync(() => monitor.FindSession(id)!.Machines.All(m => m.Operation is null), TimeSpan.FromMinutes(10));
        var failed = monitor.FindSession(id)!.Machines.Count(m => m.State != MachineState.Running);
        // Each machine costs two writes: its network interface, then the VM.
        return new BatchFigures("Create session", vms, clock.Elapsed.TotalSeconds, Bound(latency, 2 * vms), emulator.Counts, failed);
    }

    // Both ARM's buckets and the dashboard's refill fully in 20 s at 10/s, so each scenario starts as a fresh one would.
    private static Task RefillAsync(TimeSpan latency) => Task.Delay(TimeSpan.FromSeconds(21) + latency);

    private static async Task WaitAsync(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
                throw new TimeoutException("The benchmark's condition was not met in time.");
            await Task.Delay(100);
        }
    }
}
