using Dashboard.Core.Domain;
using Microsoft.Extensions.Logging;

namespace Dashboard.Core.Live;

public sealed partial class SessionMonitor
{
    private static List<SessionView> Ordered(IEnumerable<SessionView> sessions) =>
        sessions.OrderBy(s => s.CreatedAt).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();

    private static string EvictionNote(MachineView machine) =>
        machine.EvictionPolicy == EvictionPolicy.Delete
            ? "Spot capacity was reclaimed: the machine and its disks were deleted."
            : "Spot capacity was reclaimed: the machine was deallocated; its disks are kept and it can be started again.";

    // Called under _gate.
    private void ApplyOne(StateUpdate update, DateTimeOffset now, List<StateChange> history,
        List<MachineView> changed, List<Guid> removed, List<Guid> ended)
    {
        if (!_sessionOfMachine.TryGetValue(update.MachineId, out var sessionId))
            return;
        var session = _sessions[sessionId];
        var machine = session.Machines.First(m => m.Id == update.MachineId);
        if (machine.State == update.State && machine.LastError == update.Error)
            return;

        if (machine.State != update.State)
        {
            history.Add(new StateChange
            {
                MachineId = machine.Id,
                SessionName = session.Name,
                MachineName = machine.Name,
                From = machine.State,
                To = update.State,
                At = now,
                Cause = update.Cause,
                EvictionPolicy = update.Cause == StateChangeCause.Eviction ? machine.EvictionPolicy : null,
            });
        }

        if (update.State == MachineState.Deleted)
        {
            removed.Add(machine.Id);
            if (machine.CloudId is not null)
                _forgotten[machine.CloudId] = now;
            _sessionOfMachine.Remove(machine.Id);
            _pending.Remove(machine.Id);
            session = session.WithoutMachine(machine.Id);
            if (session.Machines.IsEmpty)
            {
                ended.Add(session.Id);
                _sessions = _sessions.Remove(session.Id);
                Publish(new SessionChange(SessionChangeKind.Remove, session));
                return;
            }
        }
        else
        {
            var next = machine with
            {
                State = update.State,
                StateSince = machine.State == update.State ? machine.StateSince : now,
                LastError = update.Error,
            };
            changed.Add(next);
            session = session.WithMachine(next);
        }

        _sessions = _sessions.SetItem(session.Id, session);
        Publish(new SessionChange(SessionChangeKind.Upsert, session));
    }

    // Called under _gate (or before anyone subscribes).
    private void AddToView(SessionView view)
    {
        _sessions = _sessions.SetItem(view.Id, view);
        foreach (var machine in view.Machines)
            _sessionOfMachine[machine.Id] = view.Id;
    }

    // Called under _gate, so every subscriber sees changes in the same order.
    private void Publish(SessionChange change)
    {
        foreach (var subscriber in _subscribers)
            subscriber.Writer.TryWrite(change);
    }

    private void Unsubscribe(SessionSubscription subscription)
    {
        lock (_gate)
            _subscribers.Remove(subscription);
    }

    private void ReportHealth(CloudHealth health)
    {
        var wasStale = _health.IsStale;
        _health = health;
        if (wasStale != health.IsStale || health.IsStale)
            HealthChanged?.Invoke(health);
    }

    private Task EnqueueWrite(Func<CancellationToken, Task> write)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _writes.Writer.TryWrite(async ct =>
        {
            try
            {
                await write(ct);
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
                throw;
            }
        });
        return done.Task;
    }

    // One writer, in the order changes were made, so the database never ends on an older state.
    private async Task WriteLoopAsync(CancellationToken stoppingToken)
    {
        await foreach (var write in _writes.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                await write(CancellationToken.None);
            }
            catch (Exception ex)
            {
                LogWriteFailed(ex);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Listing machine states failed; showing the last known state")]
    private partial void LogPollFailed(Exception exception);

    [LoggerMessage(LogLevel.Error, "Saving machine states failed")]
    private partial void LogWriteFailed(Exception exception);
}
