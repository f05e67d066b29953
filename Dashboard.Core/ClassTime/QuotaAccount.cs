namespace Dashboard.Core.ClassTime;

/// <summary>A student's hours in one session: what they used on their own starts, and what they were granted on top.</summary>
public sealed class QuotaAccount
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SessionId { get; set; }
    public required string UserId { get; set; }

    /// <summary>Their address as the roster shows it, for the usage table.</summary>
    public string? Email { get; set; }

    public double UsedHours { get; set; }
    public double ExtraHours { get; set; }
}

/// <summary>A machine running on its student's own start: its hours count against the quota outside class time.</summary>
public sealed class QuotaRun
{
    public Guid MachineId { get; set; }
    public Guid SessionId { get; set; }
    public required string UserId { get; set; }
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>Hours up to here are in <see cref="QuotaAccount.UsedHours"/>.</summary>
    public DateTimeOffset CountedUntil { get; set; }
}
