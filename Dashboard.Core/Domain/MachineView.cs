namespace Dashboard.Core.Domain;

/// <summary>An immutable picture of one machine, as the live monitor publishes it.</summary>
public sealed record MachineView
{
    public required Guid Id { get; init; }
    public required Guid SessionId { get; init; }
    public required string Name { get; init; }
    public required MachineRole Role { get; init; }
    public int Ordinal { get; init; }
    public required string Size { get; init; }
    public required string Image { get; init; }
    public MachinePriority Priority { get; init; }
    public EvictionPolicy? EvictionPolicy { get; init; }

    /// <summary>See <see cref="Machine.FellBackFromSpot"/>.</summary>
    public bool FellBackFromSpot { get; init; }
    public bool HibernationEnabled { get; init; }
    public string? AssignedUser { get; init; }

    /// <summary>The account holding the machine; null while an e-mail assignment waits for its owner.</summary>
    public string? AssignedUserId { get; init; }
    public MachineState State { get; init; }
    public DateTimeOffset StateSince { get; init; }
    public string? CloudId { get; init; }
    public string? LastError { get; init; }

    /// <summary>The dashboard's operation in flight on this machine, if any: no other command may start meanwhile.</summary>
    public MachineOperation? Operation { get; init; }

    public bool IsBusy => Operation is not null;

    public bool IsSpot => Priority == MachinePriority.Spot;

    public static MachineView From(Machine m) => new()
    {
        Id = m.Id,
        SessionId = m.SessionId,
        Name = m.Name,
        Role = m.Role,
        Ordinal = m.Ordinal,
        Size = m.Size,
        Image = m.Image,
        Priority = m.Priority,
        EvictionPolicy = m.EvictionPolicy,
        FellBackFromSpot = m.FellBackFromSpot,
        HibernationEnabled = m.HibernationEnabled,
        AssignedUser = m.AssignedUser,
        AssignedUserId = m.AssignedUserId,
        State = m.State,
        StateSince = m.StateSince,
        CloudId = m.CloudId,
        LastError = m.LastError,
    };
}
