namespace Dashboard.Client;

// What the hub and the API send, as plain records. Enum values travel as their names (strings), so a value the
// server adds later reads as a string here instead of failing the whole message.

/// <summary>A session as far as the caller may see it (a student's carries only their machines).</summary>
public sealed record SessionDto
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    /// <summary>MachinePool, VirtualLab, BigDataCluster or HpcCluster.</summary>
    public string Kind { get; init; } = "";
    public string Owner { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public string? SharedStorage { get; init; }
    public bool StudentsMayStartStop { get; init; }
    public IReadOnlyList<MachineDto> Machines { get; init; } = [];
    public ClassTimeDto? ClassTime { get; init; }
    /// <summary>Null for whoever may not see the session's money (students).</summary>
    public decimal? Budget { get; init; }
    public BatchDto? Batch { get; init; }
    public bool HasReducedCapacity { get; init; }
    public int EvictedCount { get; init; }

    /// <summary>How many machines the (visible) session has; in a delta's header too, where only the changed ones travel.</summary>
    public int MachineCount { get; init; }
}

public sealed record MachineDto
{
    public Guid Id { get; init; }
    public Guid SessionId { get; init; }
    public string Name { get; init; } = "";
    /// <summary>PoolMember, Proxy, Target, Master, Worker, Head or Compute.</summary>
    public string Role { get; init; } = "";
    public int Ordinal { get; init; }
    public string Size { get; init; } = "";
    public string Image { get; init; } = "";
    /// <summary>Regular or Spot.</summary>
    public string Priority { get; init; } = "";
    /// <summary>Deallocate or Delete, for Spot machines.</summary>
    public string? EvictionPolicy { get; init; }
    public bool HibernationEnabled { get; init; }
    public string? AssignedUser { get; init; }
    /// <summary>Creating, Starting, Running, Stopping, Stopped, Deallocated, Hibernated, Evicted, Deleting, Deleted, Failed, ...</summary>
    public string State { get; init; } = "";
    public DateTimeOffset StateSince { get; init; }
    public string? LastError { get; init; }
    /// <summary>The command holding the machine, if any: no other command runs on it meanwhile.</summary>
    public OperationDto? Operation { get; init; }
}

public sealed record OperationDto(string Name, string Actor, DateTimeOffset Since, string Before, bool Sent);

public sealed record BatchDto(string Action, string Actor, DateTimeOffset Since, int Machines);

public sealed record ClassTimeDto
{
    public ClassTimeSettingsDto? Settings { get; init; }
    public IReadOnlyList<CountdownDto> Countdowns { get; init; } = [];
    /// <summary>Why the last scheduled run failed, until one succeeds.</summary>
    public string? Problem { get; init; }
}

public sealed record ClassTimeSettingsDto
{
    public IReadOnlyList<ScheduleRuleDto> Rules { get; init; } = [];
    public double? AutoStopAfterHours { get; init; }
    public double? QuotaHoursPerStudent { get; init; }
    public bool StudentsMayPostpone { get; init; }
}

/// <summary>Weekly (Days, StartTime, StopTime in TimeZone) or Once (StartAt, StopAt).</summary>
public sealed record ScheduleRuleDto
{
    public string Kind { get; init; } = "Weekly";
    /// <summary>Comma-separated day names, e.g. "Monday, Wednesday".</summary>
    public string Days { get; init; } = "None";
    public TimeOnly? StartTime { get; init; }
    public TimeOnly? StopTime { get; init; }
    public string TimeZone { get; init; } = "UTC";
    public DateTimeOffset? StartAt { get; init; }
    public DateTimeOffset? StopAt { get; init; }
}

public sealed record CountdownDto(Guid MachineId, string Reason, DateTimeOffset DueAt, string? ChangedBy);

/// <summary>Whether the states sent are fresh: the cloud, the database and the event queue as the dashboard last saw them.</summary>
public sealed record CloudHealthDto
{
    public DateTimeOffset? LastSuccess { get; init; }
    public string? Error { get; init; }
    public DateTimeOffset? FailingSince { get; init; }
    public string? DatabaseError { get; init; }
    public bool IsStale { get; init; }
}

/// <summary>
/// A change to a session watched with deltas: <see cref="Session"/> carries every field of the session but its
/// machines (<c>Machines</c> is empty there); <see cref="Machines"/> the machines that changed or appeared;
/// <see cref="RemovedMachineIds"/> the ones that went. <see cref="SessionsHubClient"/> applies it for you.
/// </summary>
public sealed record SessionDeltaDto
{
    public SessionDto Session { get; init; } = new();
    public IReadOnlyList<MachineDto> Machines { get; init; } = [];
    public IReadOnlyList<Guid> RemovedMachineIds { get; init; } = [];

    /// <summary>The session after this change, from the picture before it (or none, when the delta is the first word of it).</summary>
    public SessionDto ApplyTo(SessionDto? before)
    {
        var changed = Machines.ToDictionary(m => m.Id);
        var machines = new List<MachineDto>(Math.Max(Session.MachineCount, before?.Machines.Count ?? 0));
        foreach (var machine in before?.Machines ?? [])
        {
            if (RemovedMachineIds.Contains(machine.Id))
                continue;
            machines.Add(changed.Remove(machine.Id, out var now) ? now : machine);
        }

        machines.AddRange(Machines.Where(m => changed.ContainsKey(m.Id)));
        return Session with { Machines = machines };
    }
}
