using Dashboard.Core.Domain;
using Dashboard.Core.Persistence;

namespace Dashboard.Core.Audit;

/// <summary>One audit entry before it is written: who did what, where, with which outcome.</summary>
public sealed record AuditRecord(
    string Actor,
    AuditAction Action,
    ActionOutcome Outcome,
    string? Session = null,
    string? Machine = null,
    string? Detail = null);

/// <summary>
/// The one writer of the audit trail. Every feature records through here, so every value fits its column
/// (what a visitor types, or a batch's failures, is unbounded; SQL Server's columns are not).
/// </summary>
public sealed class AuditLog(SessionStore store, TimeProvider time)
{
    public Task RecordAsync(AuditRecord record, CancellationToken cancellationToken = default) =>
        store.LogAsync(Entry(record), cancellationToken);

    public Task RecordAsync(string actor, AuditAction action, ActionOutcome outcome, string? session = null,
        string? machine = null, string? detail = null) =>
        RecordAsync(new AuditRecord(actor, action, outcome, session, machine, detail));

    internal ActionLogEntry Entry(AuditRecord record) => new()
    {
        At = time.GetUtcNow(),
        Actor = string.IsNullOrWhiteSpace(record.Actor) ? "(anonymous)" : ColumnLimits.Fit(record.Actor.Trim(), ColumnLimits.Person),
        Action = record.Action,
        SessionName = ColumnLimits.FitOrNull(record.Session, ColumnLimits.SessionName),
        MachineName = ColumnLimits.FitOrNull(record.Machine, ColumnLimits.MachineName),
        Outcome = record.Outcome,
        Error = ColumnLimits.FitOrNull(record.Detail, ColumnLimits.AuditDetail),
    };
}
