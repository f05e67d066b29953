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
        Assert.Null(core.Services.GetRequiredService<BudgetStopForecast>().ReachedAt(pool.Id));
        Assert.All(core.Monitor.FindSession(pool.Id)!.Machines, m => Assert.Equal(MachineState.Running, m.State));
    }
}
