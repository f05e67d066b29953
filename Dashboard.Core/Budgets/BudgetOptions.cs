namespace Dashboard.Core.Budgets;

/// <summary>Settings of section <c>Budgets</c>.</summary>
public sealed class BudgetOptions
{
    public const string Section = "Budgets";

    /// <summary>Share of the budget (percent) at which the session is warned, once a month.</summary>
    public double WarnAtPercent { get; set; } = 80;

    /// <summary>Share of the budget (percent) at which it counts as exceeded.</summary>
    public double StopAtPercent { get; set; } = 100;

    /// <summary>Whether an exceeded budget stops the session's machines (Stop All, once a month).</summary>
    public bool StopWhenExceeded { get; set; } = true;

    /// <summary>Seconds between two checks of every budget.</summary>
    public double EvaluateSeconds { get; set; } = 30;
}
