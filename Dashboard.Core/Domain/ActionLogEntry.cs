namespace Dashboard.Core.Domain;

/// <summary>Who asked for what, on which machine, when, and how it ended.</summary>
public sealed class ActionLogEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string SessionName { get; set; }
    public string? MachineName { get; set; }
    public ActionOutcome Outcome { get; set; }
    public string? Error { get; set; }
}
