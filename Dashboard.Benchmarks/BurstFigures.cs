namespace Dashboard.Benchmarks;

/// <summary>What one batch burst cost and how its watchers saw it.</summary>
public sealed record BurstFigures(
    Dashboard.Core.Domain.BatchAction Batch,
    TimeSpan Cpu,
    TimeSpan Window,
    TimeSpan? ServerDone,
    TimeSpan? PagesDone,
    FleetWindow? Hub,
    IReadOnlyList<double[]> RendersPerPage,
    int MonitorFinalAtEnd,
    int? FewestPageRowsFinalAtEnd)
{
    /// <summary>The most renders any 1 s saw, per page.</summary>
    public IReadOnlyList<int> MostRendersPerSecond => [.. RendersPerPage.Select(r => Stats.MostInWindow(r))];

    /// <summary>Every watcher saw the result within the limit.</summary>
    public bool Settled => ServerDone is not null && PagesDone is not null && (Hub is null || Hub.ReachedTarget == Hub.Clients);
}
