using Dashboard.Core.Budgets;
using Dashboard.Core.ClassTime;
using Dashboard.Core.Domain;
using Dashboard.Tests.ClassTime;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Costs;

/// <summary>
/// The budget's stop is an automatic stop like the schedule's: counted down at 30, 10 and 2 minutes on every page of
/// the machine, postponable by the owner, and run once a month. The pool costs 433.20 an hour (see <see cref="BudgetClock"/>).
/// </summary>
public sealed class BudgetStopCountdownTests
{
    [Fact]
    public async Task A_budget_about_to_be_spent_counts_the_stop_down_for_30_minutes_before_stopping_the_session()
    {
        await using var host = await ClassTimeHost.StartAsync(BudgetClock.NextMonth, BudgetClock.Settings);
        var budgets = new BudgetClock(host.Core, host.Clock);
        var pool = host.Pool;
        await host.Commands.SaveSettingsAsync(TestViewers.Instructor, pool.Id, new ClassTimeSettings { StudentsMayPostpone = true });
        Assert.True((await host.Core.Services.GetRequiredService<SessionBudgets>().SetAsync(pool.Id, 500m, TestViewers.Instructor)).Succeeded);

        await StepAsync(host, budgets, TimeSpan.FromMinutes(30)); // 216.60 spent: 500 is 39 minutes away
        Assert.Empty(host.Pool.ClassTime.Countdowns);

        await StepAsync(host, budgets, TimeSpan.FromMinutes(30)); // 433.20 spent: 500 is 9 minutes away
        var planned = host.Clock.GetUtcNow().AddMinutes(30);
        Assert.Equal(12, host.Pool.ClassTime.Countdowns.Length);
        Assert.All(host.Pool.ClassTime.Countdowns, c => Assert.Equal((StopReason.Budget, planned), (c.Reason, c.DueAt)));

        // The student may postpone the schedule's stops in this session, not the budget's; the owner may.
        var student = host.Pool.Machines.Single(m => m.AssignedUser == TestViewers.Student(1).Name);
        var refused = await host.Commands.PostponeAsync(TestViewers.Student(1), pool.Id, student.Id, 30);
        Assert.False(refused.Succeeded);
        var kept = host.Pool.Machines.Single(m => m.AssignedUser == TestViewers.Student(2).Name);
        Assert.True((await host.Commands.PostponeAsync(TestViewers.Instructor, pool.Id, kept.Id, 30)).Succeeded);
        Assert.Equal(planned, host.CountdownOf(student)!.DueAt);
        Assert.Equal(planned.AddMinutes(30), host.CountdownOf(kept)!.DueAt);

        await StepAsync(host, budgets, TimeSpan.FromMinutes(29));
        Assert.All(host.Pool.Machines, m => Assert.Equal(MachineState.Running, m.State));

        await StepAsync(host, budgets, TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(() => host.Pool.Machines.Where(m => m.Id != kept.Id).All(m => m is { State: MachineState.Deallocated, Operation: null }),
            "every machine but the postponed one is deallocated");
        Assert.Equal(MachineState.Running, host.Machine(kept.Id).State);
        Assert.Equal(host.Clock.GetUtcNow(), host.Pool.BudgetStoppedAt);
        var stop = Assert.Single(await BudgetClock.AuditAsync(host.Core, AuditAction.BudgetStop));
        Assert.Equal(("budget", ActionOutcome.Succeeded), (stop.Actor, stop.Outcome));
        Assert.Contains("monthly budget", stop.Error);

        await StepAsync(host, budgets, TimeSpan.FromMinutes(30));
        await Eventually.TrueAsync(() => host.Machine(kept.Id) is { State: MachineState.Deallocated, Operation: null }, "the postponed machine stops at its time");

        // Once a month: the owner starts a machine again and the spent budget leaves it alone, also after a restart.
        await host.Core.Commands.RunAsync(kept.Id, MachineAction.Start, TestViewers.Instructor);
        await Eventually.TrueAsync(() => host.Machine(kept.Id).State == MachineState.Running, "the machine runs again");
        await host.Core.Monitor.FlushWritesAsync();
        await host.RestartAsync(BudgetClock.Settings);
        budgets = new BudgetClock(host.Core, host.Clock);
        await StepAsync(host, budgets, TimeSpan.FromMinutes(5));
        Assert.Empty(host.Pool.ClassTime.Countdowns);
        Assert.Equal(MachineState.Running, host.Machine(kept.Id).State);
        // The eleven at the planned time, the postponed one at its own.
        Assert.Equal(["1 stopped", "11 stopped"], (await BudgetClock.AuditAsync(host.Core, AuditAction.BudgetStop))
            .Select(e => e.Error![(e.Error!.LastIndexOf(':') + 2)..].TrimEnd('.')));
    }

    [Fact]
    public async Task Raising_the_budget_during_the_countdown_ends_it_and_a_skipped_budget_stop_holds_for_the_month()
    {
        await using var host = await ClassTimeHost.StartAsync(BudgetClock.NextMonth, BudgetClock.Settings);
        var budgets = new BudgetClock(host.Core, host.Clock);
        var pool = host.Pool;
        var setBudget = host.Core.Services.GetRequiredService<SessionBudgets>();
        await setBudget.SetAsync(pool.Id, 500m, TestViewers.Instructor);

        await StepAsync(host, budgets, TimeSpan.FromMinutes(60));
        Assert.Equal(12, host.Pool.ClassTime.Countdowns.Length);

        await setBudget.SetAsync(pool.Id, 5000m, TestViewers.Instructor);
        await StepAsync(host, budgets, TimeSpan.FromMinutes(1));
        Assert.Empty(host.Pool.ClassTime.Countdowns);

        await setBudget.SetAsync(pool.Id, 600m, TestViewers.Instructor);
        await StepAsync(host, budgets, TimeSpan.FromMinutes(1));
        Assert.Equal(12, host.Pool.ClassTime.Countdowns.Length);
        Assert.True((await host.Commands.SkipAsync(TestViewers.Instructor, pool.Id, null)).Succeeded);
        Assert.Empty(host.Pool.ClassTime.Countdowns);

        await host.Core.Monitor.FlushWritesAsync();
        await host.RestartAsync(BudgetClock.Settings);
        budgets = new BudgetClock(host.Core, host.Clock);
        await StepAsync(host, budgets, TimeSpan.FromMinutes(31));
        await StepAsync(host, budgets, TimeSpan.FromHours(2));
        Assert.Empty(host.Pool.ClassTime.Countdowns);
        Assert.All(host.Pool.Machines, m => Assert.Equal(MachineState.Running, m.State));
        Assert.Empty(await BudgetClock.AuditAsync(host.Core, AuditAction.BudgetStop));
    }

    /// <summary>Moves the shared clock, then checks the budgets and ticks class time, as the two loops would.</summary>
    private static async Task StepAsync(ClassTimeHost host, BudgetClock budgets, TimeSpan by)
    {
        host.Clock.Advance(by);
        await budgets.Evaluator.EvaluateAsync(CancellationToken.None);
        await host.Scheduler.TickAsync();
        await host.Scheduler.WhenRunsDoneAsync();
    }
}
