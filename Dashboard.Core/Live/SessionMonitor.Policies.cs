using Dashboard.Core.Domain;

namespace Dashboard.Core.Live;

public sealed partial class SessionMonitor
{
    /// <summary>Shows whether students may start and stop their machines, then saves it in order with the other writes.</summary>
    public Task SetStudentsMayStartStopAsync(Guid sessionId, bool allowed)
    {
        lock (_gate)
        {
            if (!_sessions.TryGetValue(sessionId, out var session) || session.StudentsMayStartStop == allowed)
                return Task.CompletedTask;
            session = session with { StudentsMayStartStop = allowed };
            _sessions = _sessions.SetItem(session.Id, session);
            Publish(new SessionChange(SessionChangeKind.Upsert, session));
        }

        return EnqueueWrite(ct => store.SetStudentsMayStartStopAsync(sessionId, allowed, ct));
    }
}
