using Dashboard.Core.Audit;
using Dashboard.Core.Budgets;
using Dashboard.Core.Costs;
using Dashboard.Core.Domain;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Costs;

/// <summary>
/// The budget check and the cost figures of a running Core, on a fake clock that starts when the next month begins:
/// the demo's machines (running since before) have cost nothing yet, and every hour the clock moves costs the pool's
/// twelve B2s at 36 an hour plus their disks at 0.10 an hour each (433.20 in all). The cloud runs on real time.
/// </summary>
internal sealed class BudgetClock
{
    public const decimal PoolPerHour = 12 * (36m + 0.10m);

    public static readonly Dictionary<string, string?> Settings = new()
    {
        ["Prices:Currency"] = "EUR",
        ["Prices:Machines:0:Size"] = "Standard_B2s",
        ["Prices:Machines:0:Region"] = "westeurope",
        ["Prices:Machines:0:PerHour"] = "36",
        ["Prices:Disks:0:Tier"] = "P10",
        ["Prices:Disks:0:Region"] = "westeurope",
        ["Prices:Disks:0:PerMonth"] = "73",
        // The host's own check runs on real time; keep it out of the way of the fake clock's.
        ["Budgets:EvaluateSeconds"] = "3600",
    };

    public BudgetClock(CoreHost core, DateTimeOffset start, BudgetOptions? options = null)
        : this(core, new FakeTimeProvider(start), options)
    {
    }

    /// <summary>On a clock shared with class time, whose scheduler counts budget stops down.</summary>
    public BudgetClock(CoreHost core, FakeTimeProvider clock, BudgetOptions? options = null)
    {
        Clock = clock;
        var services = core.Services;
        Costs = new SessionCosts(core.Store, services.GetRequiredService<CostCalculator>(), Clock,
            Options.Create(new CostOptions { RefreshSeconds = 30 }), NullLogger<SessionCosts>.Instance);
        Evaluator = new BudgetEvaluator(core.Monitor, Costs, services.GetRequiredService<BudgetStopForecast>(),
            services.GetRequiredService<AuditLog>(), Clock,
            Options.Create(options ?? new BudgetOptions()), new Dashboard.Core.Scaling.SoleInstance(), NullLogger<BudgetEvaluator>.Instance);
    }

    /// <summary>The first instant of the month after the real one.</summary>
    public static DateTimeOffset NextMonth => CostPeriod.MonthOf(DateTimeOffset.UtcNow).End;

    public FakeTimeProvider Clock { get; }
    public SessionCosts Costs { get; }
    public BudgetEvaluator Evaluator { get; }

    public static async Task<List<ActionLogEntry>> AuditAsync(CoreHost core, AuditAction action) =>
        [.. (await core.Store.RecentActionsAsync(500, CancellationToken.None)).Where(e => e.Action == action)];
}
