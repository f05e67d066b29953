using Dashboard.Core.Domain;

namespace Dashboard.Core.Live;

public sealed partial class SessionMonitor
{
    /// <summary>
    /// Shows a machine's new student on every page and hub client at once, then saves it in order with the other
    /// writes; completes when the database has it.
    /// </summary>
    public Task SetAssignmentAsync(Guid machineId, string? user)
    {
        lock (_gate)
        {
            if (!_sessionOfMachine.TryGetValue(machineId, out var sessionId))
                return Task.CompletedTask;
            var session = _sessions[sessionId];
            var machine = session.Machines.First(m => m.Id == machineId);
            if (machine.AssignedUser != user)
            {
                session = session.WithMachine(machine with { AssignedUser = user });
                _sessions = _sessions.SetItem(session.Id, session);
                Publish(new SessionChange(SessionChangeKind.Upsert, session));
            }
        }

        return EnqueueWrite(ct => store.SetAssignmentAsync(machineId, user, ct));
    }
}
