namespace Dashboard.Core.Costs;

/// <summary>Settings of section <c>Costs</c>.</summary>
public sealed class CostOptions
{
    public const string Section = "Costs";

    /// <summary>
    /// How old a session's state history may be before it is read again (only the rows added since): every page and
    /// the budget evaluator share one read per session per interval, however many are open.
    /// </summary>
    public double RefreshSeconds { get; set; } = 30;
}
