using Dashboard.Core.Budgets;
using Dashboard.Core.Domain;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Costs;

public sealed class BudgetEvaluatorTests
{
    private static readonly Dashboard.Core.People.Viewer Owner = TestViewers.Instructor;

    [Fact]
    public async Task At_80_percent_the_session_is_warned_and_audited_once_also_after_a_restart()
    {
        var core = await CoreHost.StartAsync(BudgetClock.Settings);
        var budgets = new BudgetClock(core, BudgetClock.NextMonth);
        var pool = core.Monitor.FindSession("python-workshop")!;
        Assert.True((await core.Services.GetRequiredService<SessionBudgets>().SetAsync(pool.Id, 500m, Owner)).Succeeded);

        budgets.Clock.Advance(TimeSpan.FromMinutes(30)); // 216.60 of 500: nothing yet
        await budgets.Evaluator.EvaluateAsync(CancellationToken.None);
        Assert.Empty(await BudgetClock.AuditAsync(core, AuditAction.BudgetWarning));

        budgets.Clock.Advance(TimeSpan.FromMinutes(30)); // 433.20 of 500: 87 %
        for (var i = 0; i < 3; i++)
            await budgets.Evaluator.EvaluateAsync(CancellationToken.None);

        var warning = Assert.Single(await BudgetClock.AuditAsync(core, AuditAction.BudgetWarning));
        Assert.Equal(("budget", "python-workshop", "Spent 433.20 EUR of 500.00 EUR (87%) this month."),
            (warning.Actor, warning.SessionName, warning.Error));
        Assert.Equal(budgets.Clock.GetUtcNow(), core.Monitor.FindSession(pool.Id)!.BudgetWarnedAt);
        Assert.All(core.Monitor.FindSession(pool.Id)!.Machines, m => Assert.Equal(MachineState.Running, m.State));

        await core.Monitor.FlushWritesAsync();
        var folder = await core.StopKeepingDataAsync();
        await using var restarted = await CoreHost.StartAsync(folder, BudgetClock.Settings);
        var again = new BudgetClock(restarted, budgets.Clock.GetUtcNow().AddMinutes(5));
        await again.Evaluator.EvaluateAsync(CancellationToken.None);

        Assert.Single(await BudgetClock.AuditAsync(restarted, AuditAction.BudgetWarning));
        Assert.NotNull(restarted.Monitor.FindSession(pool.Id)!.BudgetWarnedAt);
    }

    [Fact]
    public async Task At_100_percent_every_machine_is_stopped_through_Stop_All_once_and_a_restart_remembers_it()
    {
        var core = await CoreHost.StartAsync(BudgetClock.Settings);
        var budgets = new BudgetClock(core, BudgetClock.NextMonth);
        var pool = core.Monitor.FindSession("python-workshop")!;
        await core.Services.GetRequiredService<SessionBudgets>().SetAsync(pool.Id, 500m, Owner);

        budgets.Clock.Advance(TimeSpan.FromHours(2)); // 866.40 of 500
        await budgets.Evaluator.EvaluateAsync(CancellationToken.None);

        await Eventually.TrueAsync(() => core.Monitor.FindSession(pool.Id)!.Machines.All(m => m.State == MachineState.Deallocated && m.Operation is null),
            "every machine of the pool is deallocated");
        var stop = await BudgetClock.AuditAsync(core, AuditAction.BudgetStop);
        Assert.Equal([ActionOutcome.Succeeded, ActionOutcome.Started], stop.Select(e => e.Outcome));
        Assert.Equal("Spent 866.40 EUR of 500.00 EUR (173%): stopping every machine.", stop[1].Error);
        var batch = await BudgetClock.AuditAsync(core, AuditAction.StopAll);
        Assert.All(batch, e => Assert.Equal(("budget", "python-workshop"), (e.Actor, e.SessionName)));
        Assert.Contains(batch, e => e.Outcome == ActionOutcome.Succeeded);
        Assert.Empty(await BudgetClock.AuditAsync(core, AuditAction.BudgetWarning));
        Assert.Equal(budgets.Clock.GetUtcNow(), core.Monitor.FindSession(pool.Id)!.BudgetStoppedAt);

        // The instructor starts one machine again: the budget, already spent this month, leaves it alone.
        var machine = core.Monitor.FindSession(pool.Id)!.Machines[0];
        await core.Commands.RunAsync(machine.Id, MachineAction.Start, Owner);
        await Eventually.TrueAsync(() => core.Monitor.FindMachine(machine.Id)!.State == MachineState.Running, "the machine runs again");
        budgets.Clock.Advance(TimeSpan.FromMinutes(10));
        await budgets.Evaluator.EvaluateAsync(CancellationToken.None);
        Assert.Equal(2, (await BudgetClock.AuditAsync(core, AuditAction.BudgetStop)).Count);
        await core.Commands.RunAsync(machine.Id, MachineAction.Stop, Owner);
        await Eventually.TrueAsync(() => core.Monitor.FindMachine(machine.Id) is { State: MachineState.Deallocated, Operation: null }, "it is stopped again");

        await core.Monitor.FlushWritesAsync();
        var folder = await core.StopKeepingDataAsync();
        await using var restarted = await CoreHost.StartAsync(folder, BudgetClock.Settings);
        var again = new BudgetClock(restarted, budgets.Clock.GetUtcNow().AddMinutes(5));
        await again.Evaluator.EvaluateAsync(CancellationToken.None);

        var session = restarted.Monitor.FindSession(pool.Id)!;
        Assert.Equal(budgets.Clock.GetUtcNow().AddMinutes(-10), session.BudgetStoppedAt);
        Assert.All(session.Machines, m => Assert.Equal(MachineState.Deallocated, m.State));
        Assert.Equal(2, (await BudgetClock.AuditAsync(restarted, AuditAction.BudgetStop)).Count);
        Assert.Equal(BudgetLevel.Exceeded, BudgetStatus.Of(session, await again.Costs.RefreshAsync(session, CancellationToken.None),
            new BudgetOptions(), again.Clock.GetUtcNow())!.Level);
    }

    [Fact]
    public async Task With_stopping_switched_off_an_exceeded_budget_only_warns()
    {
        await using var core = await CoreHost.StartAsync(BudgetClock.Settings);
        var budgets = new BudgetClock(core, BudgetClock.NextMonth, new BudgetOptions { StopWhenExceeded = false });
        var pool = core.Monitor.FindSession("python-workshop")!;
        await core.Services.GetRequiredService<SessionBudgets>().SetAsync(pool.Id, 100m, Owner);

        budgets.Clock.Advance(TimeSpan.FromHours(3));
        await budgets.Evaluator.EvaluateAsync(CancellationToken.None);

        Assert.Single(await BudgetClock.AuditAsync(core, AuditAction.BudgetWarning));
        Assert.Empty(await BudgetClock.AuditAsync(core, AuditAction.BudgetStop));
        Assert.All(core.Monitor.FindSession(pool.Id)!.Machines, m => Assert.Equal(MachineState.Running, m.State));
    }
}
