using Dashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Persistence;

/// <summary>One step of an operation record: its new state, when, and what it says.</summary>
public sealed record OperationRecordChange(Guid RecordId, OperationRecordState State, DateTimeOffset At, string? Message = null);

public sealed partial class SessionStore
{
    /// <summary>Records the intent of a whole batch in one save (inserts batched), before any request is sent.</summary>
    public Task AddOperationRecordsAsync(IReadOnlyList<OperationRecord> records, CancellationToken cancellationToken) =>
        WriteAsync(db =>
        {
            db.OperationRecords.AddRange(records);
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>Moves records on in one save; a record that was never written (its insert was refused) is skipped.</summary>
    public Task UpdateOperationRecordsAsync(IReadOnlyList<OperationRecordChange> changes, CancellationToken cancellationToken) =>
        WriteAsync(async db =>
        {
            var ids = changes.Select(c => c.RecordId).Distinct().ToList();
            var rows = await db.OperationRecords.Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
            foreach (var change in changes)
            {
                if (!rows.TryGetValue(change.RecordId, out var row))
                    continue;
                row.State = change.State;
                if (change.State == OperationRecordState.Sent)
                    row.SentAt = change.At;
                else
                    row.EndedAt = change.At;
                row.Message = ColumnLimits.FitOrNull(change.Message, ColumnLimits.Message);
            }
        }, cancellationToken);

    /// <summary>Records still queued or sent: after a restart, the operations the last process did not see end.</summary>
    public async Task<List<OperationRecord>> OpenOperationRecordsAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.OperationRecords.AsNoTracking()
            .Where(r => r.State == OperationRecordState.Queued || r.State == OperationRecordState.Sent)
            .ToListAsync(cancellationToken);
    }

    public async Task<List<OperationRecord>> OperationRecordsOfAsync(IReadOnlyList<Guid> machineIds, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.OperationRecords.AsNoTracking().Where(r => machineIds.Contains(r.MachineId)).ToListAsync(cancellationToken);
    }

    /// <summary>Closes the records of interrupted operations and writes their audit entries in one transaction.</summary>
    public Task InterruptAsync(IReadOnlyList<OperationRecordChange> changes, IReadOnlyList<ActionLogEntry> audit, CancellationToken cancellationToken) =>
        WriteAsync(async db =>
        {
            var ids = changes.Select(c => c.RecordId).ToList();
            var rows = await db.OperationRecords.Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
            foreach (var change in changes)
            {
                if (!rows.TryGetValue(change.RecordId, out var row))
                    continue;
                (row.State, row.EndedAt) = (OperationRecordState.Interrupted, change.At);
                row.Message = ColumnLimits.FitOrNull(change.Message, ColumnLimits.Message);
            }

            db.ActionLog.AddRange(audit);
        }, cancellationToken);
}
