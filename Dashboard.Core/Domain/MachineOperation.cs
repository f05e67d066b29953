namespace Dashboard.Core.Domain;

/// <summary>
/// An operation the dashboard has in flight on a machine: what, who asked, since when, and the state before it.
/// It travels with the machine's live picture, so every page and hub client sees the same "busy".
/// </summary>
public sealed record MachineOperation(string Name, string Actor, DateTimeOffset Since, MachineState Before)
{
    /// <summary>False while the request waits for its turn under the cloud's rate limits; true once the cloud accepted it.</summary>
    public bool Sent { get; init; }

    /// <summary>Tells this operation from an earlier or later one on the same machine, on every server.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The state the listing shows when it is done (null: its caller ends it), so any server can judge it.</summary>
    public MachineState? Expected { get; init; }

    /// <summary>When it counts as lost if the cloud still has not shown its end.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>A sentence for a disabled button or a status line.</summary>
    public string Describe() =>
        $"{Name} by {Actor} since {Since.ToUniversalTime():HH:mm:ss} UTC{(Sent ? "" : " (queued under the cloud's rate limits)")}.";
}

/// <summary>A batch action running on a session (Start All, Stop All, Terminate All).</summary>
public sealed record BatchInFlight(BatchAction Action, string Actor, DateTimeOffset Since, int Machines);
