using Dashboard.Core.Actions;
using Dashboard.Core.Audit;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;

namespace Dashboard.Core.Spot;

/// <summary>Sets a session's Spot recovery: its owner and admins, checked and audited here.</summary>
public sealed class SpotRecoveryCommands(SessionMonitor monitor, AuditLog audit)
{
    public async Task<ActionResult> SaveAsync(Viewer viewer, Guid sessionId, SpotRecoverySettings settings)
    {
        if (monitor.FindSession(sessionId) is not { } session)
            return new ActionResult(ActionOutcome.Failed, "That session no longer exists.") { Denial = ActionDenial.NotFound };
        if (AccessPolicy.CanRunBatch(viewer, session) is { Allowed: false } refused)
            return await RefuseAsync(viewer, session, refused.Reason!, ActionDenial.NotAllowed);
        var policy = session.Machines.Where(m => m.IsSpot || m.FellBackFromSpot).Select(m => m.EvictionPolicy).FirstOrDefault();
        if (settings.Problem(policy) is { } problem)
            return await RefuseAsync(viewer, session, problem, ActionDenial.InvalidState);

        await monitor.SetSpotRecoveryAsync(sessionId, settings);
        var summary = Describe(settings);
        await audit.RecordAsync(viewer.Name, AuditAction.SetSpotRecovery, ActionOutcome.Succeeded, session.Name, detail: summary);
        return new ActionResult(ActionOutcome.Succeeded, $"Spot recovery of {session.Name}: {summary}");
    }

    public static string Describe(SpotRecoverySettings settings)
    {
        var text = settings.Mode switch
        {
            SpotRecovery.Restart => "restart evicted machines",
            SpotRecovery.Recreate => "recreate evicted machines from the formation",
            _ => "none",
        };
        if (settings.FallbackAfterAttempts is { } attempts)
            text += $"; regular priority after {attempts} failed attempt{(attempts == 1 ? "" : "s")}";
        if (settings.FallbackAfterMinutes is { } minutes)
            text += $"{(settings.FallbackAfterAttempts is null ? "; regular priority" : " or")} after {minutes} minutes";
        if (settings.ReturnAfterMinutes is { } back)
            text += $"; back to Spot after {back} minutes at regular priority";
        return text + ".";
    }

    private async Task<ActionResult> RefuseAsync(Viewer viewer, SessionView session, string reason, ActionDenial denial)
    {
        await audit.RecordAsync(viewer.Name, AuditAction.SetSpotRecovery, ActionOutcome.Refused, session.Name, detail: reason);
        return new ActionResult(ActionOutcome.Refused, reason) { Denial = denial };
    }
}
