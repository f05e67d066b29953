namespace Dashboard.Core.Domain;

public sealed class Machine
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid SessionId { get; set; }
    public required string Name { get; set; }
    public MachineRole Role { get; set; }

    /// <summary>Position among machines of the same role (worker 1, worker 2, …).</summary>
    public int Ordinal { get; set; }

    public required string Size { get; set; }
    public required string Image { get; set; }
    public MachinePriority Priority { get; set; }
    public EvictionPolicy? EvictionPolicy { get; set; }

    /// <summary>A Spot machine that Spot recovery brought back at regular priority after Spot capacity kept failing.</summary>
    public bool FellBackFromSpot { get; set; }
    public bool HibernationEnabled { get; set; }
    /// <summary>The student's e-mail as the roster shows it; pending until <see cref="AssignedUserId"/> is set.</summary>
    public string? AssignedUser { get; set; }

    /// <summary>The account that proved it owns <see cref="AssignedUser"/>: the one that may use the machine.</summary>
    public string? AssignedUserId { get; set; }
    public MachineState State { get; set; } = MachineState.Unknown;
    public DateTimeOffset StateSince { get; set; }

    /// <summary>The cloud's id for the VM (an ARM resource id on Azure).</summary>
    public string? CloudId { get; set; }

    public string? LastError { get; set; }
}
