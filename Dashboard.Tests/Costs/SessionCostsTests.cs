using Dashboard.Core.Domain;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Costs;

/// <summary>The shared figures: many pages and live updates, one read of the history per session per interval.</summary>
public sealed class SessionCostsTests
{
    [Fact]
    public async Task Hundreds_of_asks_and_live_updates_read_the_history_once_per_interval_and_only_what_was_added()
    {
        await using var core = await CoreHost.StartAsync(BudgetClock.Settings);
        var budgets = new BudgetClock(core, BudgetClock.NextMonth);
        var pool = core.Monitor.FindSession("python-workshop")!;
        using var reads = new HistoryReads();

        var first = await budgets.Costs.RefreshAsync(pool, CancellationToken.None);
        for (var page = 0; page < 100; page++)
        {
            // A live update is a new picture of the session: it is priced again, from the meters, without a read.
            var live = pool with { Machines = pool.Machines.SetItem(0, pool.Machines[0] with { LastError = $"update {page}" }) };
            Assert.NotNull(budgets.Costs.Current(live));
            await budgets.Costs.RefreshAsync(live, CancellationToken.None);
        }

        Assert.Equal(1, reads.Count);
        Assert.Equal(0m, first.Total);

        budgets.Clock.Advance(TimeSpan.FromSeconds(31));
        var later = await budgets.Costs.RefreshAsync(pool, CancellationToken.None);

        Assert.Equal(2, reads.Count);
        Assert.Equal(Math.Round(BudgetClock.PoolPerHour * 31 / 3600, 4), Math.Round(later.Total, 4));
    }

    [Fact]
    public async Task A_stop_seen_live_stops_the_compute_at_once_before_the_history_is_read_again()
    {
        await using var core = await CoreHost.StartAsync(BudgetClock.Settings);
        var budgets = new BudgetClock(core, BudgetClock.NextMonth);
        var pool = core.Monitor.FindSession("python-workshop")!;
        var machine = pool.Machines[0];
        await budgets.Costs.RefreshAsync(pool, CancellationToken.None);

        budgets.Clock.Advance(TimeSpan.FromHours(1));
        // The live view shows the machine deallocated an hour in (the fake clock's), before any history is read.
        var stopped = pool.WithMachine(machine with { State = MachineState.Deallocated, StateSince = budgets.Clock.GetUtcNow() });
        budgets.Clock.Advance(TimeSpan.FromHours(1));

        var cost = budgets.Costs.Current(stopped)!;
        var row = cost.Machines.Single(m => m.MachineId == machine.Id);
        Assert.Equal(1, row.Hours.Compute, 6);
        Assert.Equal(2, row.Hours.Disk, 6);
        Assert.Equal(2, cost.Machines.Single(m => m.Name.EndsWith("-02", StringComparison.Ordinal)).Hours.Compute, 6);
    }
}
