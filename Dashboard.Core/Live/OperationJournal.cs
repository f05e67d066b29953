using Dashboard.Core.Domain;
using Dashboard.Core.Persistence;

namespace Dashboard.Core.Live;

/// <summary>
/// Keeps the database's operation records in step with the operations in flight: a batch's intent is one write made
/// before any request is sent, and the steps after it (sent, succeeded, failed) are gathered into as few writes as
/// the writer has room for, in order behind the intent.
/// </summary>
public sealed class OperationJournal(StateWriter writer, SessionStore store, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Guid> _recordOfMachine = [];

    // Records this process wrote, until recovery has run: only the others were left open by an earlier process.
    private HashSet<Guid>? _ownUntilRecovered = [];
    private List<OperationRecordChange> _pending = [];
    private bool _flushQueued;

    /// <summary>Records what is about to be asked of every machine; completes when the database has it.</summary>
    public Task RecordIntentAsync(IReadOnlyList<MachineView> machines, string sessionName, string action, string actor, Guid? batchId)
    {
        if (machines.Count == 0)
            return Task.CompletedTask;
        var now = time.GetUtcNow();
        var records = machines.Select(m => new OperationRecord
        {
            MachineId = m.Id,
            SessionName = ColumnLimits.Fit(sessionName, ColumnLimits.SessionName),
            MachineName = ColumnLimits.Fit(m.Name, ColumnLimits.MachineName),
            Action = ColumnLimits.Fit(action, ColumnLimits.OperationAction),
            Actor = ColumnLimits.Fit(actor, ColumnLimits.Person),
            BatchId = batchId,
            Before = m.State,
            State = OperationRecordState.Queued,
            QueuedAt = now,
        }).ToList();
        lock (_gate)
        {
            foreach (var record in records)
            {
                _recordOfMachine[record.MachineId] = record.Id;
                _ownUntilRecovered?.Add(record.Id);
            }
        }

        return writer.EnqueueAsync(ct => store.AddOperationRecordsAsync(records, ct));
    }

    /// <summary>Whether this process wrote the record (answered until <see cref="Recovered"/>).</summary>
    public bool IsOwn(Guid recordId)
    {
        lock (_gate)
            return _ownUntilRecovered?.Contains(recordId) == true;
    }

    /// <summary>Recovery has closed what the last process left open: no need to tell records apart any more.</summary>
    public void Recovered()
    {
        lock (_gate)
            _ownUntilRecovered = null;
    }

    public void Sent(Guid machineId) => Step(machineId, OperationRecordState.Sent, null, ends: false);

    public void Ended(Guid machineId, OperationOutcome outcome) =>
        Step(machineId, outcome.Succeeded ? OperationRecordState.Succeeded : OperationRecordState.Failed, outcome.Error, ends: true);

    private void Step(Guid machineId, OperationRecordState state, string? message, bool ends)
    {
        lock (_gate)
        {
            if (!_recordOfMachine.TryGetValue(machineId, out var recordId))
                return;
            if (ends)
                _recordOfMachine.Remove(machineId);
            _pending.Add(new OperationRecordChange(recordId, state, time.GetUtcNow(), message));
            if (_flushQueued)
                return;
            _flushQueued = true;
        }

        // The steps are taken once, when the write first runs; a retried write saves the same steps again.
        List<OperationRecordChange>? taken = null;
        _ = writer.EnqueueAsync(ct => store.UpdateOperationRecordsAsync(taken ??= TakePending(), ct));
    }

    private List<OperationRecordChange> TakePending()
    {
        lock (_gate)
        {
            var taken = _pending;
            _pending = [];
            _flushQueued = false;
            return taken;
        }
    }
}
