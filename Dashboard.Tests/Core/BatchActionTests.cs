using Dashboard.Core.People;
using Dashboard.Core.Domain;
using Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Core;

public sealed class BatchActionTests
{
    private static readonly Viewer Actor = Viewer.For("alice@demo.test", Roles.Admin);

    [Fact]
    public async Task Stop_all_stops_every_running_machine_and_names_the_one_already_stopped()
    {
        await using var core = await CoreHost.StartAsync();
        var pool = core.Monitor.FindSession("python-workshop")!;
        var first = pool.Machines[0];
        Assert.True((await core.Commands.RunAsync(first.Id, MachineAction.Stop, Actor)).Succeeded);

        var result = await core.Commands.RunBatchAsync(pool.Id, BatchAction.StopAll, Actor);

        Assert.Equal(11, result.Succeeded.Count);
        Assert.Empty(result.Failed);
        var skipped = Assert.Single(result.Skipped);
        Assert.Equal(first.Name, skipped.Machine);
        Assert.Equal("The machine is already stopped and not billed for compute.", skipped.Reason);
        Assert.Equal($"11 stopped, 1 skipped ({first.Name}).", result.Summary);
        Assert.All(core.Monitor.FindSession(pool.Id)!.Machines, m => Assert.Equal(MachineState.Deallocated, m.State));
        await using var db = core.CreateDbContext();
        var batchLog = await db.ActionLog.Where(e => e.Action == AuditAction.StopAll).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([ActionOutcome.Started, ActionOutcome.Succeeded], batchLog.Select(e => e.Outcome));
    }

    [Fact]
    public async Task Terminate_all_deletes_every_machine_and_the_session_leaves_the_live_view_but_keeps_its_end_date()
    {
        await using var core = await CoreHost.StartAsync();
        var lab = core.Monitor.FindSession("desktop-lab")!;

        var result = await core.Commands.RunBatchAsync(lab.Id, BatchAction.TerminateAll, Actor);

        Assert.Equal(lab.Machines.Select(m => m.Name).Order(), result.Succeeded.Order());
        Assert.Empty(result.Failed);
        Assert.Empty(result.Skipped);
        Assert.Null(core.Monitor.FindSession(lab.Id));
        Assert.DoesNotContain(core.Monitor.Sessions, s => s.Name == "desktop-lab");
        Assert.DoesNotContain(await core.Cloud.ListAsync(CancellationToken.None), m => m.Name.StartsWith("desktop-lab", StringComparison.Ordinal));
        // The last removal may have been seen first by a poll, whose write can land just after the batch returns.
        await Eventually.TrueAsync(async () =>
        {
            await using var db = core.CreateDbContext();
            return await db.Sessions.AnyAsync(s => s.Id == lab.Id && s.EndedAt != null);
        }, "the session has an end date in the database");
        await using var check = core.CreateDbContext();
        Assert.False(await check.Machines.AnyAsync(m => m.SessionId == lab.Id));
        Assert.Equal(3, await check.Sessions.CountAsync(s => s.EndedAt == null));
    }
}
