using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;
using Dashboard.Core.Persistence;
using Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Core;

public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task A_database_that_fails_during_polls_keeps_the_host_running_shows_the_problem_and_saves_every_change_once_healed()
    {
        var outage = new DatabaseOutage();
        await using var core = await CoreHost.StartAsync(services: outage.AddTo);
        var machine = core.Monitor.FindSession("python-workshop")!.Machines[2];

        outage.Begin();
        // The cloud stops the machine on its own, and a student is given it, while the database refuses every write.
        await core.Cloud.StopAsync(machine.CloudId!, CancellationToken.None);
        _ = core.Monitor.SetAssignmentAsync(machine.Id, "student03@demo.test");
        await Eventually.TrueAsync(() => core.Monitor.FindMachine(machine.Id)!.State == MachineState.Deallocated, "the stop shows live");
        await Eventually.TrueAsync(() => core.Monitor.Health.HasDatabaseProblem, "the health shows the database problem");
        await core.Poller.PollOnceAsync(CancellationToken.None);

        Assert.True(core.IsRunning);
        Assert.Contains("database is locked", core.Monitor.Health.DatabaseError);
        Assert.False(core.Monitor.Health.IsStale);

        outage.Heal();
        await core.Monitor.FlushWritesAsync();
        Assert.False(core.Monitor.Health.HasDatabaseProblem);
        await using var db = core.CreateDbContext();
        var row = await db.Machines.SingleAsync(m => m.Id == machine.Id);
        Assert.Equal((MachineState.Deallocated, "student03@demo.test"), (row.State, row.AssignedUser));
        var history = await db.StateChanges.Where(c => c.MachineId == machine.Id).OrderBy(c => c.Id).Select(c => c.To).ToListAsync();
        Assert.Equal(MachineState.Deallocated, history[^1]);
    }

    [Fact]
    public async Task A_database_away_at_start_does_not_stop_the_start_and_the_sessions_load_once_it_answers()
    {
        var first = await CoreHost.StartAsync();
        var folder = await first.StopKeepingDataAsync();
        var outage = new DatabaseOutage(down: true);

        await using var restarted = await CoreHost.StartAsync(folder, services: outage.AddTo);

        Assert.True(restarted.IsRunning);
        Assert.True(restarted.Monitor.Health.HasDatabaseProblem);
        Assert.Empty(restarted.Monitor.Sessions);
        outage.Heal();
        await Eventually.TrueAsync(() => restarted.Monitor.Sessions.Count == 4, "the sessions load once the database answers");
        await Eventually.TrueAsync(() => !restarted.Monitor.Health.HasDatabaseProblem, "the database problem clears");
        await restarted.Poller.PollOnceAsync(CancellationToken.None);
        Assert.Equal(31, restarted.Monitor.Sessions.SelectMany(s => s.Machines).Count());
    }
}
