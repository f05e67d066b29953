using Dashboard.Core.Actions;
using Dashboard.Core.Domain;
using Dashboard.Core.Spot;
using Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Spot;

public sealed class SpotRecoveryTests
{
    private static readonly Dictionary<string, string?> FastRecovery = new()
    {
        ["Spot:Recovery:ScanSeconds"] = "0.2",
        ["Spot:Recovery:FirstRetrySeconds"] = "0.2",
        ["Spot:Recovery:MaxRetrySeconds"] = "0.4",
        ["Spot:Recovery:CapacityCooldownMinutes"] = "0",
    };

    [Fact]
    public async Task An_evicted_worker_under_the_Deallocate_policy_is_restarted_by_itself_and_every_step_is_recorded()
    {
        await using var core = await CoreHost.StartAsync(FastRecovery);
        var events = core.Services.GetRequiredService<SpotEvents>().Subscribe();
        var spark = core.Monitor.FindSession("spark-analytics")!;
        await SaveAsync(core, spark, new SpotRecoverySettings(SpotRecovery.Restart));
        var worker = spark.Machines.First(m => m.IsSpot);

        Assert.True((await core.Commands.SimulateEvictionAsync(worker.Id, TestViewers.Ops)).Succeeded);

        await Eventually.TrueAsync(async () =>
        {
            await using var db = core.CreateDbContext();
            return await db.ActionLog.AnyAsync(e => e.Action == AuditAction.RecoverSpot && e.Outcome == ActionOutcome.Succeeded);
        }, "the recovery is recorded as succeeded");
        Assert.Equal(MachineState.Running, core.Monitor.FindMachine(worker.Id)!.State);
        var kinds = await ReadKindsAsync(events, SpotEventKind.Recovered);
        Assert.Equal([SpotEventKind.Evicted, SpotEventKind.RecoveryStarted, SpotEventKind.Recovered], kinds);
        await using var check = core.CreateDbContext();
        var step = await check.ActionLog.SingleAsync(e => e.Action == AuditAction.RecoverSpot);
        Assert.Contains("Attempt 1: restart succeeded", step.Error);
        Assert.Equal(worker.Name, step.MachineName);
    }

    [Fact]
    public async Task Without_Spot_capacity_a_deleted_node_is_retried_with_back_off_then_recreated_at_regular_priority()
    {
        await using var core = await CoreHost.StartAsync(new Dictionary<string, string?>(FastRecovery) { ["Simulator:NoSpotCapacity"] = "true" });
        var events = core.Services.GetRequiredService<SpotEvents>().Subscribe();
        var hpc = core.Monitor.FindSession("genomics-hpc")!;
        await SaveAsync(core, hpc, new SpotRecoverySettings(SpotRecovery.Recreate, FallbackAfterAttempts: 2));
        var node = hpc.Machines.First(m => m.IsSpot);

        Assert.True((await core.Commands.SimulateEvictionAsync(node.Id, TestViewers.Ops)).Succeeded);

        var kinds = await ReadKindsAsync(events, SpotEventKind.FellBackToRegular);
        Assert.Equal(2, kinds.Count(k => k == SpotEventKind.RecoveryFailed));
        await Eventually.TrueAsync(() => core.Monitor.FindMachine(node.Id) is { State: MachineState.Running, Priority: MachinePriority.Regular, FellBackFromSpot: true },
            "the node runs at regular priority");
        await using var db = core.CreateDbContext();
        var steps = await db.ActionLog.Where(e => e.Action == AuditAction.RecoverSpot).OrderBy(e => e.Id).Select(e => e.Error!).ToListAsync();
        Assert.StartsWith("Attempt 1: recreate on Spot failed", steps[0]);
        Assert.Contains("No Spot capacity", steps[0]);
        Assert.Contains("Attempt 3: recreate at regular priority succeeded", steps[^1]);
        var row = await db.Machines.SingleAsync(m => m.Id == node.Id);
        Assert.Equal(MachinePriority.Regular, row.Priority);
        Assert.True(row.FellBackFromSpot);
    }

    [Fact]
    public async Task The_Spot_capacity_cooldown_does_not_hold_back_the_fall_back_to_regular_priority()
    {
        await using var core = await CoreHost.StartAsync(new Dictionary<string, string?>(FastRecovery)
        {
            ["Simulator:NoSpotCapacity"] = "true",
            ["Spot:Recovery:CapacityCooldownMinutes"] = "60",
        });
        var recoverer = core.Services.GetRequiredService<SpotRecoverer>();
        var hpc = core.Monitor.FindSession("genomics-hpc")!;
        await SaveAsync(core, hpc, new SpotRecoverySettings(SpotRecovery.Recreate, FallbackAfterAttempts: 1));
        var node = hpc.Machines.First(m => m.IsSpot);

        Assert.True((await core.Commands.SimulateEvictionAsync(node.Id, TestViewers.Ops)).Succeeded);

        await Eventually.TrueAsync(() => core.Monitor.FindMachine(node.Id) is { State: MachineState.Running, Priority: MachinePriority.Regular },
            "the node runs at regular priority within the Spot cooldown");
        Assert.Single(recoverer.Cooldowns);
        await Eventually.TrueAsync(() => recoverer.Recovering.All(r => r.MachineId != node.Id), "its recovery case is closed");
    }

    [Fact]
    public async Task A_capacity_failure_holds_every_machine_of_that_size_and_region_for_the_cooldown()
    {
        await using var core = await CoreHost.StartAsync(new Dictionary<string, string?>(FastRecovery)
        {
            ["Simulator:NoSpotCapacity"] = "true",
            ["Spot:Recovery:CapacityCooldownMinutes"] = "60",
        });
        var spark = core.Monitor.FindSession("spark-analytics")!;
        await SaveAsync(core, spark, new SpotRecoverySettings(SpotRecovery.Restart));
        var workers = spark.Machines.Where(m => m.IsSpot).Take(2).ToList();
        var recoverer = core.Services.GetRequiredService<SpotRecoverer>();

        foreach (var worker in workers)
            Assert.True((await core.Commands.SimulateEvictionAsync(worker.Id, TestViewers.Ops)).Succeeded);
        await Eventually.TrueAsync(() => recoverer.Cooldowns.Count == 1, "a capacity failure starts the cooldown");
        await Eventually.TrueAsync(() => workers.All(w => core.Monitor.FindMachine(w.Id)!.State == MachineState.Evicted), "both show as evicted");
        // The second machine's case opens at the first scan after its eviction rehearsal lets go of it.
        await Eventually.TrueAsync(() => recoverer.Recovering.Any(r => r.Failures == 0), "the other machine waits for the cooldown");
        await recoverer.WhenAttemptsDoneAsync();

        var cooldown = Assert.Single(recoverer.Cooldowns);
        Assert.Equal($"{workers[0].Size}|westeurope", cooldown.Key);
        await using var db = core.CreateDbContext();
        // One attempt found no capacity; the other machine of that size waits for the cooldown instead of trying too.
        Assert.InRange(await db.ActionLog.CountAsync(e => e.Action == AuditAction.RecoverSpot && e.Outcome == ActionOutcome.Failed), 1, 2);
        Assert.Contains(recoverer.Recovering, r => r.Failures == 0);
    }

    [Fact]
    public async Task Only_the_owner_or_an_admin_sets_recovery_and_a_method_that_does_not_fit_the_policy_is_refused_in_words()
    {
        await using var core = await CoreHost.StartAsync();
        var commands = core.Services.GetRequiredService<SpotRecoveryCommands>();
        var hpc = core.Monitor.FindSession("genomics-hpc")!;

        foreach (var viewer in new[] { TestViewers.Ops, TestViewers.Student(1), TestViewers.OtherInstructor })
            Assert.Equal(ActionDenial.NotAllowed, (await commands.SaveAsync(viewer, hpc.Id, new SpotRecoverySettings(SpotRecovery.Recreate))).Denial);
        var wrong = await commands.SaveAsync(TestViewers.Instructor, hpc.Id, new SpotRecoverySettings(SpotRecovery.Restart));
        Assert.Contains("deleted when evicted, so there is nothing to restart: choose Recreate", wrong.Message);
        Assert.Equal(SpotRecovery.None, core.Monitor.FindSession(hpc.Id)!.SpotRecovery.Mode);

        Assert.True((await commands.SaveAsync(TestViewers.Admin, hpc.Id, new SpotRecoverySettings(SpotRecovery.Recreate, FallbackAfterMinutes: 15))).Succeeded);
        await core.Monitor.FlushWritesAsync();
        await using var db = core.CreateDbContext();
        var row = await db.Sessions.SingleAsync(s => s.Id == hpc.Id);
        Assert.Equal((SpotRecovery.Recreate, (int?)15), (row.SpotRecovery, row.SpotFallbackAfterMinutes));
    }

    private static async Task SaveAsync(CoreHost core, SessionView session, SpotRecoverySettings settings)
    {
        var saved = await core.Services.GetRequiredService<SpotRecoveryCommands>().SaveAsync(TestViewers.Instructor, session.Id, settings);
        Assert.True(saved.Succeeded, saved.Message);
    }

    private static async Task<List<SpotEventKind>> ReadKindsAsync(System.Threading.Channels.ChannelReader<SpotEvent> events, SpotEventKind until)
    {
        var seen = new List<SpotEvent>();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (seen.Count == 0 || seen[^1].Kind != until)
                seen.Add(await events.ReadAsync(limit.Token));
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No {until} event; seen: {string.Join(" | ", seen.Select(e => $"{e.Kind}: {e.Detail}"))}");
        }

        return [.. seen.Select(e => e.Kind)];
    }
}
