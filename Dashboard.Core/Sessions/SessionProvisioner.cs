using Dashboard.Core.Audit;
using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Core.Persistence;
using Microsoft.Extensions.Logging;

namespace Dashboard.Core.Sessions;

public sealed record CreateSessionResult(SessionView? Session, IReadOnlyList<ValidationError> Errors)
{
    public bool Succeeded => Session is not null;
}

/// <summary>
/// Creates sessions from formations: validates, records, then sends every machine's creation as fast as the cloud's rate
/// limits allow; the poller sees each machine come up (or fail).
/// </summary>
public sealed partial class SessionProvisioner(
    SessionMonitor monitor,
    OperationTracker operations,
    ICloud cloud,
    SessionStore store,
    AuditLog audit,
    TimeProvider time,
    ILogger<SessionProvisioner> logger)
{
    /// <summary>Returns as soon as the session is recorded; machines show Creating, then Running or Failed.</summary>
    public async Task<CreateSessionResult> CreateAsync(CreateSessionRequest request, Viewer viewer, CancellationToken cancellationToken)
    {
        if (!AccessPolicy.CanCreateSessions(viewer))
        {
            const string refused = "Only instructors and admins can create sessions.";
            // The session does not exist, so the entry names none: it must not read as part of a real session's trail.
            await LogAsync(viewer, null, ActionOutcome.Refused, refused);
            return Invalid(nameof(request.FormationId), refused);
        }

        var owner = viewer.Name;
        var formations = await store.GetFormationsAsync(cancellationToken);
        var formation = formations.FirstOrDefault(f => f.Id == request.FormationId);
        if (formation is null)
            return Invalid(nameof(request.FormationId), "Choose a formation.");
        var errors = SessionPlanner.Validate(formation, request);
        if (errors.Count > 0)
            return new CreateSessionResult(null, errors);

        var session = SessionPlanner.Plan(formation, request, owner, time.GetUtcNow(), cloud);
        if (await store.IsNameTakenAsync(session.Name, session.Machines.Select(m => m.Name), cancellationToken))
            return Invalid(nameof(request.Name), $"A session named {session.Name} already exists.");

        // Refused before anything is recorded: creating must never capture a machine someone else made.
        var specs = session.Machines.Select(m => (m.Id, SessionPlanner.SpecOf(session, m))).ToList();
        if (await cloud.RefuseCreationAsync([.. specs.Select(s => s.Item2)], cancellationToken) is { } refusal)
        {
            await LogAsync(viewer, null, ActionOutcome.Refused, refusal);
            return Invalid(nameof(request.Name), refusal);
        }

        // Every machine is claimed by its Create operation from the start: the cloud does not list a machine waiting its
        // turn, which must not read as deleted.
        await store.AddSessionAsync(session, cancellationToken);
        await operations.AddCreatingAsync(SessionView.From(session), owner);
        await LogAsync(viewer, session.Name, ActionOutcome.Succeeded, null);
        _ = ProvisionAsync(specs);
        return new CreateSessionResult(monitor.FindSession(session.Id), []);
    }

    private Task ProvisionAsync(IReadOnlyList<(Guid MachineId, CloudMachineSpec Spec)> machines) =>
        Task.WhenAll(machines.Select(m => ProvisionOneAsync(m.MachineId, m.Spec)));

    private async Task ProvisionOneAsync(Guid machineId, CloudMachineSpec spec)
    {
        try
        {
            await cloud.CreateAsync(spec, CancellationToken.None);
            operations.MarkSent(machineId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCreateFailed(spec.Name, ex.Message);
            var error = $"Creation failed: {ex.Message}";
            await operations.EndAsync(machineId, new StateUpdate(machineId, MachineState.Failed, StateChangeCause.Action, error), OperationOutcome.Failure(error));
            return;
        }

        if (await operations.WhenDoneAsync(machineId) is { Succeeded: false } failed)
            LogCreateFailed(spec.Name, failed.Error ?? "");
    }

    private Task LogAsync(Viewer viewer, string? session, ActionOutcome outcome, string? error) =>
        audit.RecordAsync(viewer.Name, AuditAction.CreateSession, outcome, session, detail: error);

    private static CreateSessionResult Invalid(string field, string message) => new(null, [new ValidationError(field, message)]);

    [LoggerMessage(LogLevel.Warning, "Creating {Machine} failed: {Message}")]
    private partial void LogCreateFailed(string machine, string message);
}
