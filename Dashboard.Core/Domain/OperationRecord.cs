namespace Dashboard.Core.Domain;

/// <summary>Where an operation on one machine stands, as the database remembers it across restarts.</summary>
public enum OperationRecordState
{
    /// <summary>Asked for and recorded; the request waits for its turn under the cloud's rate limits.</summary>
    Queued,

    /// <summary>The cloud accepted the request; the operation has not ended yet.</summary>
    Sent,

    Succeeded,
    Failed,

    /// <summary>The dashboard stopped before the operation ended; <see cref="OperationRecord.Message"/> says how it came out.</summary>
    Interrupted,
}

/// <summary>
/// One operation on one machine, written before its request is sent and updated as it goes, so a restart knows
/// what was under way: which machines a batch had queued or sent, for whom, and from which state.
/// </summary>
public sealed class OperationRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid MachineId { get; set; }
    public required string SessionName { get; set; }
    public required string MachineName { get; set; }

    /// <summary>The operation's name: a machine action (Stop, Start, …) or Create.</summary>
    public required string Action { get; set; }

    public required string Actor { get; set; }

    /// <summary>Shared by every machine of one Start All / Stop All / Terminate All.</summary>
    public Guid? BatchId { get; set; }

    /// <summary>The machine's state when the operation began.</summary>
    public MachineState Before { get; set; }

    public OperationRecordState State { get; set; }
    public DateTimeOffset QueuedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? Message { get; set; }
}
