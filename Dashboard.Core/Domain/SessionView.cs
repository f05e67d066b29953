using System.Collections.Immutable;

namespace Dashboard.Core.Domain;

/// <summary>An immutable picture of one session and its machines, as the live monitor publishes it.</summary>
public sealed record SessionView
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public required FormationKind Kind { get; init; }
    public required string Owner { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public string? SharedStorage { get; init; }
    public bool StudentsMayStartStop { get; init; } = true;
    public ImmutableArray<MachineView> Machines { get; init; } = [];

    /// <summary>What happens by itself when a Spot machine is evicted.</summary>
    public Spot.SpotRecoverySettings SpotRecovery { get; init; } = Spot.SpotRecoverySettings.None;

    /// <summary>Schedules, countdowns to automatic stops, and the last scheduled run's problem.</summary>
    public ClassTime.ClassTimeView ClassTime { get; init; } = Core.ClassTime.ClassTimeView.None;
    /// <summary>The monthly budget and what it did this month (see <see cref="Session.Budget"/>).</summary>
    public decimal? Budget { get; init; }
    public DateTimeOffset? BudgetWarnedAt { get; init; }
    public DateTimeOffset? BudgetStoppedAt { get; init; }

    /// <summary>The batch action running on this session, if any.</summary>
    public BatchInFlight? Batch { get; init; }

    /// <summary>A Spot machine was reclaimed: the session runs on, with less capacity.</summary>
    public bool HasReducedCapacity => Machines.Any(m => m.State == MachineState.Evicted);

    public int EvictedCount => Machines.Count(m => m.State == MachineState.Evicted);

    public int MachineCount => Machines.Length;

    /// <summary>
    /// What a glance needs: the role that scales ("workers 5/6 running") where there is one, then all machines.
    /// </summary>
    public IReadOnlyList<RoleCount> Counts
    {
        get
        {
            var all = new RoleCount(null, Machines.Count(m => m.State == MachineState.Running), Machines.Length);
            var scaled = Machines.Where(m => m.Role is MachineRole.Worker or MachineRole.Compute).ToList();
            return scaled.Count == 0
                ? [all]
                : [new RoleCount(scaled[0].Role, scaled.Count(m => m.State == MachineState.Running), scaled.Count), all];
        }
    }

    /// <summary>This session with the machine replaced (matched by id) or, if new, added.</summary>
    public SessionView WithMachine(MachineView machine)
    {
        for (var i = 0; i < Machines.Length; i++)
        {
            if (Machines[i].Id == machine.Id)
                return this with { Machines = Machines.SetItem(i, machine) };
        }

        return this with { Machines = Machines.Add(machine) };
    }

    public SessionView WithoutMachine(Guid machineId) =>
        this with { Machines = Machines.RemoveAll(m => m.Id == machineId) };

    public static SessionView From(Session s) => new()
    {
        Id = s.Id,
        Name = s.Name,
        Kind = s.Kind,
        Owner = s.Owner,
        CreatedAt = s.CreatedAt,
        SharedStorage = s.SharedStorage,
        StudentsMayStartStop = s.StudentsMayStartStop,
        Budget = s.Budget,
        BudgetWarnedAt = s.BudgetWarnedAt,
        BudgetStoppedAt = s.BudgetStoppedAt,
        Machines = [.. s.Machines.OrderBy(m => m.Role).ThenBy(m => m.Ordinal).Select(MachineView.From)],
        SpotRecovery = new Spot.SpotRecoverySettings(s.SpotRecovery, s.SpotFallbackAfterAttempts, s.SpotFallbackAfterMinutes)
        {
            ReturnAfterMinutes = s.SpotReturnAfterMinutes,
        },
        ClassTime = new Core.ClassTime.ClassTimeView
        {
            Settings = new Core.ClassTime.ClassTimeSettings
            {
                Rules = [.. s.Schedule.Select(Core.ClassTime.RuleSpec.From)],
                AutoStopAfterHours = s.AutoStopAfterHours,
                QuotaHoursPerStudent = s.QuotaHoursPerStudent,
                StudentsMayPostpone = s.StudentsMayPostpone,
            },
            Problem = s.ScheduleProblem,
        },
    };
}

/// <summary>How many machines of a role (or of the whole session, when Role is null) are running.</summary>
public sealed record RoleCount(MachineRole? Role, int Running, int Total)
{
    public override string ToString() =>
        $"{(Role is { } role ? DisplayText.PluralOf(role) : "machines")} {Running}/{Total} running";
}
