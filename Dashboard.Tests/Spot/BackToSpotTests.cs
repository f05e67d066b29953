using Dashboard.Core.Audit;
using Dashboard.Core.Cloud.Simulated;
using Dashboard.Core.Costs;
using Dashboard.Core.Domain;
using Dashboard.Core.Scaling;
using Dashboard.Core.Spot;
using Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Spot;

/// <summary>A machine that fell back to regular priority goes back to Spot when its session asks and capacity returns.</summary>
public sealed class BackToSpotTests
{
    private static readonly Dictionary<string, string?> NoCapacity = new()
    {
        ["Spot:Recovery:ScanSeconds"] = "0.2",
        ["Spot:Recovery:FirstRetrySeconds"] = "0.2",
        ["Spot:Recovery:MaxRetrySeconds"] = "0.4",
        ["Spot:Recovery:CapacityCooldownMinutes"] = "0",
        ["Simulator:NoSpotCapacity"] = "true",
    };

    private static readonly SpotRecoverySettings FallBackThenReturn = new(SpotRecovery.Recreate, FallbackAfterAttempts: 1) { ReturnAfterMinutes = 5 };

    [Fact]
    public async Task Once_capacity_returns_a_fallen_back_node_is_created_on_spot_again_after_its_wait()
    {
        await using var core = await CoreHost.StartAsync(NoCapacity);
        var node = await FallenBackNodeAsync(core);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var recoverer = RecovererOn(core, clock);
        var events = core.Services.GetRequiredService<SpotEvents>().Subscribe();

        // Four minutes at regular priority: too early to try.
        clock.Advance(TimeSpan.FromMinutes(4));
        recoverer.ScanOnce();
        await recoverer.WhenAttemptsDoneAsync();
        Assert.Equal(MachinePriority.Regular, core.Monitor.FindMachine(node.Id)!.Priority);

        core.Services.GetRequiredService<IOptions<SimulatedCloudOptions>>().Value.NoSpotCapacity = false;
        clock.Advance(TimeSpan.FromMinutes(2));
        recoverer.ScanOnce();
        await recoverer.WhenAttemptsDoneAsync();

        Assert.Equal(new { State = MachineState.Running, Priority = MachinePriority.Spot, FellBack = false, Busy = false },
            core.Monitor.FindMachine(node.Id) is { } m ? new { m.State, m.Priority, FellBack = m.FellBackFromSpot, Busy = m.IsBusy } : null);
        Assert.Contains(Drain(events), e => e.Kind == SpotEventKind.BackToSpot && e.MachineId == node.Id);
        await core.Monitor.FlushWritesAsync();
        await using var db = core.CreateDbContext();
        var row = await db.Machines.SingleAsync(r => r.Id == node.Id);
        Assert.Equal((MachinePriority.Spot, false), (row.Priority, row.FellBackFromSpot));
    }

    [Fact]
    public async Task Without_capacity_the_node_runs_at_regular_priority_again_the_try_says_so_and_the_size_cools_down()
    {
        await using var core = await CoreHost.StartAsync(NoCapacity);
        var node = await FallenBackNodeAsync(core);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(6));
        var recoverer = RecovererOn(core, clock);
        var events = core.Services.GetRequiredService<SpotEvents>().Subscribe();

        recoverer.ScanOnce();
        await recoverer.WhenAttemptsDoneAsync();

        Assert.Equal(new { State = MachineState.Running, Priority = MachinePriority.Regular, FellBack = true },
            core.Monitor.FindMachine(node.Id) is { } m ? new { m.State, m.Priority, FellBack = m.FellBackFromSpot } : null);
        var failed = Assert.Single(Drain(events), e => e.Kind == SpotEventKind.RecoveryFailed);
        Assert.Contains("could not go back to Spot", failed.Detail);
        Assert.Contains("runs at regular priority again", failed.Detail);
        Assert.Single(recoverer.Cooldowns);
    }

    [Fact]
    public async Task Going_back_needs_a_fall_back_first_and_a_wait_of_five_minutes_or_more()
    {
        await using var core = await CoreHost.StartAsync();
        var commands = core.Services.GetRequiredService<SpotRecoveryCommands>();
        var hpc = core.Monitor.FindSession("genomics-hpc")!;

        var early = await commands.SaveAsync(TestViewers.Instructor, hpc.Id, FallBackThenReturn with { ReturnAfterMinutes = 2 });
        var alone = await commands.SaveAsync(TestViewers.Instructor, hpc.Id, new SpotRecoverySettings(SpotRecovery.Recreate) { ReturnAfterMinutes = 30 });
        var saved = await commands.SaveAsync(TestViewers.Instructor, hpc.Id, FallBackThenReturn);

        Assert.Contains("5 to 1,440 minutes", early.Message);
        Assert.Contains("set when to fall back first", alone.Message);
        Assert.True(saved.Succeeded, saved.Message);
        Assert.Contains("back to Spot after 5 minutes at regular priority", saved.Message);
        await core.Monitor.FlushWritesAsync();
        await using var db = core.CreateDbContext();
        Assert.Equal(5, (await db.Sessions.SingleAsync(s => s.Id == hpc.Id)).SpotReturnAfterMinutes);
    }

    // Evicted without Spot capacity, the host's own recoverer brings the node back at regular priority.
    private static async Task<MachineView> FallenBackNodeAsync(CoreHost core)
    {
        var hpc = core.Monitor.FindSession("genomics-hpc")!;
        var saved = await core.Services.GetRequiredService<SpotRecoveryCommands>().SaveAsync(TestViewers.Instructor, hpc.Id, FallBackThenReturn);
        Assert.True(saved.Succeeded, saved.Message);
        var node = hpc.Machines.First(m => m.IsSpot && m.EvictionPolicy == EvictionPolicy.Delete);
        Assert.True((await core.Commands.SimulateEvictionAsync(node.Id, TestViewers.Ops)).Succeeded);
        await Eventually.TrueAsync(() => core.Monitor.FindMachine(node.Id) is { State: MachineState.Running, FellBackFromSpot: true, IsBusy: false },
            "the node runs at regular priority");
        return core.Monitor.FindMachine(node.Id)!;
    }

    // A second recoverer on a clock the test moves (its capacity cooldown half an hour); the host's own sees too little
    // time pass to try a return.
    private static SpotRecoverer RecovererOn(CoreHost core, TimeProvider clock)
    {
        var services = core.Services;
        return new SpotRecoverer(core.Monitor, core.Commands, services.GetRequiredService<SpotEvents>(), services.GetRequiredService<AuditLog>(),
            services.GetRequiredService<CloudRegion>(), new SoleInstance(), Options.Create(new SpotRecoveryOptions { CapacityCooldownMinutes = 30 }), clock,
            NullLogger<SpotRecoverer>.Instance);
    }

    private static List<SpotEvent> Drain(System.Threading.Channels.ChannelReader<SpotEvent> events)
    {
        var list = new List<SpotEvent>();
        while (events.TryRead(out var spotEvent))
            list.Add(spotEvent);
        return list;
    }
}
