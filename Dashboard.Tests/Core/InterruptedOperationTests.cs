using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Core;

public sealed class InterruptedOperationTests
{
    private static readonly Viewer Instructor = Viewer.For("instructor@demo.test", Roles.Admin);

    [Fact]
    public async Task Stop_all_records_every_machine_before_any_request_is_sent_and_ends_each_record_as_it_ends()
    {
        await using var core = await CoreHost.StartAsync(replacing: UnreliableCloud.Replace);
        var cloud = core.Services.GetRequiredService<UnreliableCloud>();
        var pool = core.Monitor.FindSession("python-workshop")!;
        var recordedAtFirstRequest = new TaskCompletionSource<List<OperationRecord>>(TaskCreationOptions.RunContinuationsAsynchronously);
        cloud.BeforeRequest = async _ =>
        {
            if (recordedAtFirstRequest.Task.IsCompleted)
                return;
            await using var db = core.CreateDbContext();
            recordedAtFirstRequest.TrySetResult(await db.OperationRecords.AsNoTracking().ToListAsync());
        };

        var result = await core.Commands.RunBatchAsync(pool.Id, BatchAction.StopAll, Instructor);

        Assert.Empty(result.Failed);
        var intent = await recordedAtFirstRequest.Task;
        Assert.Equal(pool.Machines.Select(m => m.Id).Order(), intent.Select(r => r.MachineId).Order());
        Assert.All(intent, r => Assert.Equal(("Stop", "instructor@demo.test", OperationRecordState.Queued, MachineState.Running),
            (r.Action, r.Actor, r.State, r.Before)));
        Assert.Single(intent.Select(r => r.BatchId).Distinct());
        Assert.NotNull(intent[0].BatchId);
        await core.Monitor.FlushWritesAsync();
        await using var check = core.CreateDbContext();
        var ended = await check.OperationRecords.AsNoTracking().ToListAsync();
        Assert.All(ended, r => Assert.Equal(OperationRecordState.Succeeded, r.State));
        Assert.All(ended, r => Assert.True(r.SentAt is not null && r.EndedAt >= r.SentAt));
    }

    [Fact]
    public async Task A_command_sent_before_the_first_listing_is_in_flight_not_interrupted()
    {
        await using var core = await CoreHost.StartAsync(replacing: services => UnreliableCloud.Replace(services, holdListings: true));
        var cloud = core.Services.GetRequiredService<UnreliableCloud>();
        var machine = core.Monitor.FindSession("python-workshop")!.Machines[0];

        var stop = core.Commands.RunAsync(machine.Id, MachineAction.Stop, Instructor);
        await Eventually.TrueAsync(async () =>
        {
            await using var db = core.CreateDbContext();
            return await db.OperationRecords.AnyAsync(r => r.MachineId == machine.Id && r.State == OperationRecordState.Sent);
        }, "the stop is recorded as sent");
        cloud.ReleaseListings();

        Assert.True((await stop).Succeeded);
        await core.Monitor.FlushWritesAsync();
        await using var check = core.CreateDbContext();
        Assert.False(await check.ActionLog.AnyAsync(e => e.Action == AuditAction.OperationInterrupted));
        Assert.Equal(OperationRecordState.Succeeded, (await check.OperationRecords.SingleAsync(r => r.MachineId == machine.Id)).State);
    }

    [Fact]
    public async Task A_restart_during_stop_all_reports_every_machine_as_interrupted_and_no_spot_machine_as_evicted()
    {
        // The poller does not see the stops end before the restart: their operations are still in flight when it comes.
        var core = await CoreHost.StartAsync(new Dictionary<string, string?> { ["Cloud:PollSeconds"] = "600", ["Cloud:BusyPollSeconds"] = "600" });
        var spark = core.Monitor.FindSession("spark-analytics")!;
        _ = core.Commands.RunBatchAsync(spark.Id, BatchAction.StopAll, Instructor);
        await Eventually.TrueAsync(() => core.Monitor.FindSession(spark.Id)!.Machines.All(m => m.Operation is { Sent: true }), "every stop is sent");
        var folder = await core.StopKeepingDataAsync();

        await using var restarted = await CoreHost.StartAsync(folder);
        await restarted.Poller.PollOnceAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => restarted.Monitor.FindSession(spark.Id)!.Machines.All(m => m.State == MachineState.Deallocated && m.Operation is null),
            "every machine of the stop shows stopped");
        await restarted.Monitor.FlushWritesAsync();

        var machines = restarted.Monitor.FindSession(spark.Id)!.Machines;
        Assert.False(restarted.Monitor.FindSession(spark.Id)!.HasReducedCapacity);
        await using var db = restarted.CreateDbContext();
        Assert.False(await db.StateChanges.AnyAsync(c => c.SessionName == spark.Name && c.Cause == StateChangeCause.Eviction));
        var records = await db.OperationRecords.AsNoTracking().ToListAsync();
        Assert.Equal(machines.Length, records.Count);
        Assert.All(records, r => Assert.Equal(OperationRecordState.Interrupted, r.State));
        Assert.All(records, r => Assert.Matches("^Stop interrupted by a restart; the machine is (stopped|still deallocating)\\.$", r.Message));
        var audit = await db.ActionLog.AsNoTracking().Where(e => e.Action == AuditAction.OperationInterrupted).ToListAsync();
        Assert.Equal(machines.Select(m => m.Name).Order(), audit.Select(e => e.MachineName).Order());
        Assert.All(audit, e => Assert.Equal(("instructor@demo.test", ActionOutcome.Failed, spark.Name), (e.Actor, e.Outcome, e.SessionName)));
    }

    [Fact]
    public async Task A_restart_before_queued_requests_were_sent_reports_them_as_never_sent_and_shows_the_machines_as_the_cloud_has_them()
    {
        // One write request, then none for a long while: the batch's other stops wait their turn when the restart comes.
        var core = await CoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["Cloud:Limits:Writes:Burst"] = "1",
            ["Cloud:Limits:Writes:PerSecond"] = "0.001",
        });
        var pool = core.Monitor.FindSession("python-workshop")!;
        _ = core.Commands.RunBatchAsync(pool.Id, BatchAction.StopAll, Instructor);
        await Eventually.TrueAsync(() => core.Monitor.FindSession(pool.Id)!.Machines.Count(m => m.Operation is { Sent: false }) == pool.Machines.Length - 1,
            "all but one stop wait their turn");
        var folder = await core.StopKeepingDataAsync();

        await using var restarted = await CoreHost.StartAsync(folder);
        await restarted.Poller.PollOnceAsync(CancellationToken.None);
        await restarted.Monitor.FlushWritesAsync();

        await using var db = restarted.CreateDbContext();
        var records = await db.OperationRecords.AsNoTracking().ToListAsync();
        var neverSent = records.Where(r => r.SentAt is null).ToList();
        Assert.Equal(pool.Machines.Length - 1, neverSent.Count);
        Assert.All(neverSent, r => Assert.Equal(
            (OperationRecordState.Interrupted, "Stop interrupted by a restart; it was never sent and the machine is running."), (r.State, r.Message)));
        foreach (var record in neverSent)
        {
            var machine = restarted.Monitor.FindMachine(record.MachineId)!;
            Assert.Equal((MachineState.Running, record.Message), (machine.State, machine.LastError));
        }
    }
}
