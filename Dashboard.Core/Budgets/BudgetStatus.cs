using Dashboard.Core.Costs;
using Dashboard.Core.Domain;

namespace Dashboard.Core.Budgets;

public enum BudgetLevel
{
    /// <summary>No budget, or well within it.</summary>
    Within,
    Warning,
    Exceeded,
}

/// <summary>Where a session stands against its budget this month.</summary>
public sealed record BudgetStatus(decimal Budget, decimal Spent, BudgetLevel Level, bool WarnedThisMonth, bool StoppedThisMonth)
{
    public double Percent => Budget <= 0 ? 100 : (double)(Spent / Budget * 100);

    public static BudgetStatus? Of(SessionView session, SessionCost? cost, BudgetOptions options, DateTimeOffset now)
    {
        if (session.Budget is not { } budget)
            return null;
        var month = cost?.Period ?? CostPeriod.MonthOf(now);
        var spent = cost?.Total ?? 0;
        var warned = session.BudgetWarnedAt is { } w && month.Contains(w);
        var stopped = session.BudgetStoppedAt is { } s && month.Contains(s);
        var status = new BudgetStatus(budget, spent, BudgetLevel.Within, warned, stopped);
        var percent = status.Percent;
        var level = percent >= options.StopAtPercent || stopped ? BudgetLevel.Exceeded
            : percent >= options.WarnAtPercent || warned ? BudgetLevel.Warning
            : BudgetLevel.Within;
        return status with { Level = level };
    }
}
