namespace Dashboard.Core.Domain;

/// <summary>The audit trail: who asked for what, on which session and machine, when, and how it ended (sign-ins too).</summary>
public sealed class ActionLogEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public required AuditAction Action { get; set; }
    public string? SessionName { get; set; }
    public string? MachineName { get; set; }
    public ActionOutcome Outcome { get; set; }
    public string? Error { get; set; }
}
