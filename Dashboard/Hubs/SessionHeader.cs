using Dashboard.Core.ClassTime;
using Dashboard.Core.Domain;
using Dashboard.Core.Spot;

namespace Dashboard.Hubs;

/// <summary>
/// Everything of a (visible) session's picture but its machines, with the same names and values as in
/// <c>SessionChanged</c>: what a delta carries besides the machines that changed. The counts are the whole visible
/// session's, not the delta's.
/// </summary>
public sealed record SessionHeader
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public FormationKind Kind { get; init; }
    public string Owner { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public string? SharedStorage { get; init; }
    public bool StudentsMayStartStop { get; init; }
    public SpotRecoverySettings SpotRecovery { get; init; } = SpotRecoverySettings.None;
    public ClassTimeView ClassTime { get; init; } = ClassTimeView.None;
    public decimal? Budget { get; init; }
    public DateTimeOffset? BudgetWarnedAt { get; init; }
    public DateTimeOffset? BudgetStoppedAt { get; init; }
    public BatchInFlight? Batch { get; init; }
    public bool HasReducedCapacity { get; init; }
    public int EvictedCount { get; init; }
    public IReadOnlyList<RoleCount> Counts { get; init; } = [];

    /// <summary>How many machines the visible session has, so a client can tell that it holds them all.</summary>
    public int MachineCount { get; init; }

    public static SessionHeader Of(SessionView session) => new()
    {
        Id = session.Id,
        Name = session.Name,
        Kind = session.Kind,
        Owner = session.Owner,
        CreatedAt = session.CreatedAt,
        SharedStorage = session.SharedStorage,
        StudentsMayStartStop = session.StudentsMayStartStop,
        SpotRecovery = session.SpotRecovery,
        ClassTime = session.ClassTime,
        Budget = session.Budget,
        BudgetWarnedAt = session.BudgetWarnedAt,
        BudgetStoppedAt = session.BudgetStoppedAt,
        Batch = session.Batch,
        HasReducedCapacity = session.HasReducedCapacity,
        EvictedCount = session.EvictedCount,
        Counts = session.Counts,
        MachineCount = session.Machines.Length,
    };
}
