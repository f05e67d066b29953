namespace Dashboard.Core.Costs;

/// <summary>A span of time costs are summed over: [Start, End), in UTC.</summary>
public sealed record CostPeriod(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>The calendar month (UTC) that holds this instant.</summary>
    public static CostPeriod MonthOf(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        var start = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return new CostPeriod(start, start.AddMonths(1));
    }

    public bool Contains(DateTimeOffset at) => at >= Start && at < End;

    /// <summary>Hours of [from, to) that fall inside this period.</summary>
    public double HoursOf(DateTimeOffset from, DateTimeOffset to)
    {
        var lo = from > Start ? from : Start;
        var hi = to < End ? to : End;
        return hi > lo ? (hi - lo).TotalHours : 0;
    }
}
