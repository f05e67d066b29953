using Dashboard.Core.Domain;

namespace Dashboard.Core.People;

public sealed partial class Roster
{
    /// <summary>Whether students may start and stop their own machines in this session (Connect always stays).</summary>
    public async Task<RosterResult> SetStudentsMayStartStopAsync(Viewer viewer, Guid sessionId, bool allowed)
    {
        const AuditAction action = AuditAction.StudentStartStop;
        var session = monitor.FindSession(sessionId);
        if (RefusalFor(viewer, session) is { } refusal)
        {
            await LogAsync(viewer.Name, action, session?.Name, null, ActionOutcome.Refused, refusal);
            return new RosterResult(ActionOutcome.Refused, refusal);
        }

        await monitor.SetStudentsMayStartStopAsync(sessionId, allowed);
        var summary = allowed ? "students may start and stop their machines" : "only the instructor starts and stops machines";
        await LogAsync(viewer.Name, action, session!.Name, null, ActionOutcome.Succeeded, summary);
        return new RosterResult(ActionOutcome.Succeeded, $"In {session.Name}, {summary}.");
    }
}
