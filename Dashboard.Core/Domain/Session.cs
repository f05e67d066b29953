namespace Dashboard.Core.Domain;

/// <summary>The running set of machines a formation created.</summary>
public sealed class Session
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Name { get; set; }
    public Guid? FormationId { get; set; }
    public FormationKind Kind { get; set; }
    public required string Owner { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? SharedStorage { get; set; }

    /// <summary>Whether students may start and stop the machines assigned to them.</summary>
    public bool StudentsMayStartStop { get; set; } = true;

    /// <summary>Set when every machine is gone; ended sessions leave the live view but keep their history.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>What the session may cost per calendar month (UTC), in the price table's currency; null: no budget.</summary>
    public decimal? Budget { get; set; }

    /// <summary>When the budget's warning was given; a warning given this month is not given again.</summary>
    public DateTimeOffset? BudgetWarnedAt { get; set; }

    /// <summary>When the budget stopped the machines; they are stopped once a month, not at every check.</summary>
    public DateTimeOffset? BudgetStoppedAt { get; set; }

    public List<Machine> Machines { get; set; } = [];

    /// <summary>Class time: when machines start and stop by themselves.</summary>
    public List<ClassTime.ScheduleRule> Schedule { get; set; } = [];

    /// <summary>Stops a machine after this many hours running at a stretch; null for no limit.</summary>
    public double? AutoStopAfterHours { get; set; }

    /// <summary>Hours each student may run their machine on their own starts, outside class time; null for no quota.</summary>
    public double? QuotaHoursPerStudent { get; set; }

    /// <summary>Whether students may postpone or skip an automatic stop of their machine.</summary>
    public bool StudentsMayPostpone { get; set; }

    /// <summary>What the dashboard does when one of the session's Spot machines is evicted.</summary>
    public Spot.SpotRecovery SpotRecovery { get; set; }

    /// <summary>Recreate at regular priority after this many failed attempts (null: keep trying Spot).</summary>
    public int? SpotFallbackAfterAttempts { get; set; }

    /// <summary>Recreate at regular priority once the machine has been evicted this long (null: keep trying Spot).</summary>
    public int? SpotFallbackAfterMinutes { get; set; }

    /// <summary>A machine that fell back tries Spot again once it has run this long at regular priority (null: it stays).</summary>
    public int? SpotReturnAfterMinutes { get; set; }

    /// <summary>What went wrong in the last scheduled run, shown on the session until a run succeeds.</summary>
    public string? ScheduleProblem { get; set; }
}
