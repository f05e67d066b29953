using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Core.Telemetry;

namespace Dashboard.Core.Actions;

public sealed partial class MachineCommands
{
    /// <summary>
    /// Runs Start All / Stop All / Terminate All: claims every target at once (one change for every page), sends each
    /// machine's request as fast as the cloud's rate limits allow, and reports every machine's outcome.
    /// </summary>
    /// <param name="only">Limits the batch to these machines (the ones a schedule stops, say); null for the whole session.</param>
    public async Task<BatchResult> RunBatchAsync(Guid sessionId, BatchAction batch, Viewer viewer, IReadOnlySet<Guid>? only = null)
    {
        var session = monitor.FindSession(sessionId)
            ?? throw new InvalidOperationException("That session no longer exists.");
        var actor = viewer.Name;
        if (AccessPolicy.CanRunBatch(viewer, session) is { Allowed: false } refused)
        {
            await LogAsync(session, null, AuditActions.Of(batch), actor, ActionOutcome.Refused, refused.Reason);
            return BatchResult.RefusedWith(batch, refused.Reason!);
        }

        var action = ActionRules.ActionOf(batch);
        var machines = only is null ? session.Machines.ToList() : session.Machines.Where(m => only.Contains(m.Id)).ToList();
        var targets = machines.Where(m => ActionRules.AppliesTo(batch, m)).ToList();
        var skipped = machines.Except(targets)
            .Select(m => (m.Name, ActionRules.Check(m, action).Reason ?? "not applicable")).ToList();
        using var span = DashboardTelemetry.StartBatch(batch.ToString(), session.Name, targets.Count);
        await LogAsync(session, null, AuditActions.Of(batch), actor, ActionOutcome.Started, null);

        var marker = new BatchInFlight(batch, actor, time.GetUtcNow(), targets.Count);
        var claimed = await operations.BeginAsync([.. targets.Select(m => RequestFor(m, action))], actor, marker, session.Id);
        // A machine another command took between the check and the claim is reported, not silently dropped.
        var taken = targets.Where(t => claimed.All(c => c.Id != t.Id))
            .Select(m => (m.Name, operations.ClaimProblem ?? "Another command started on it first.")).ToList();
        ActionResult[] results;
        try
        {
            results = await RecordIntentAsync(claimed, session, action, actor, Guid.NewGuid())
                ? await Task.WhenAll(claimed.Select(m => RunClaimedAsync(session, m, action, actor)))
                : [.. claimed.Select(m => NotRecordedResult(m, action))];
        }
        finally
        {
            await operations.EndBatchAsync(session.Id);
        }

        var outcomes = claimed.Zip(results).ToList();
        var result = new BatchResult(batch,
            outcomes.Where(r => r.Second.Succeeded).Select(r => r.First.Name).ToList(),
            [.. outcomes.Where(r => !r.Second.Succeeded).Select(r => (r.First.Name, r.Second.Message)), .. taken],
            skipped);
        span.Ended(result.Failed.Count == 0, result.Failed.Count == 0 ? null : result.Summary);
        await LogAsync(session, null, AuditActions.Of(batch), actor,
            result.Failed.Count == 0 ? ActionOutcome.Succeeded : ActionOutcome.Failed,
            result.Failed.Count == 0 ? null : result.Summary);
        return result;
    }
}
