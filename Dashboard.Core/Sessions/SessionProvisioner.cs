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

/// <summary>Creates sessions from formations: validates, records, then provisions every machine concurrently.</summary>
public sealed partial class SessionProvisioner(
    SessionMonitor monitor,
    ICloud cloud,
    SessionStore store,
    TimeProvider time,
    ILogger<SessionProvisioner> logger)
{
    private const int Concurrency = 20;

    /// <summary>The audit trail's name for creating a session.</summary>
    public const string CreateAction = "CreateSession";

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

        await monitor.AddSessionAsync(session, cancellationToken);
        await LogAsync(viewer, session.Name, ActionOutcome.Succeeded, null);
        var specs = session.Machines.Select(m => (m.Id, SessionPlanner.SpecOf(session, m))).ToList();
        _ = ProvisionAsync(specs);
        return new CreateSessionResult(monitor.FindSession(session.Id), []);
    }

    private async Task ProvisionAsync(IReadOnlyList<(Guid MachineId, CloudMachineSpec Spec)> machines)
    {
        using var throttle = new SemaphoreSlim(Concurrency);
        await Task.WhenAll(machines.Select(async m =>
        {
            await throttle.WaitAsync();
            try
            {
                await ProvisionOneAsync(m.MachineId, m.Spec);
            }
            finally
            {
                throttle.Release();
            }
        }));
    }

    // The machine was claimed for its Create operation when the session was added (see SessionMonitor.AddSessionAsync).
    private async Task ProvisionOneAsync(Guid machineId, CloudMachineSpec spec)
    {
        StateUpdate final;
        try
        {
            await cloud.CreateAsync(spec, CancellationToken.None);
            final = new StateUpdate(machineId, MachineState.Running, StateChangeCause.Action);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCreateFailed(spec.Name, ex.Message);
            final = new StateUpdate(machineId, MachineState.Failed, StateChangeCause.Action, $"Creation failed: {ex.Message}");
        }

        await monitor.EndOperationAsync(machineId, final, CancellationToken.None);
    }

    private Task LogAsync(Viewer viewer, string? session, ActionOutcome outcome, string? error) =>
        store.LogAsync(new ActionLogEntry
        {
            At = time.GetUtcNow(), Actor = viewer.Name, Action = CreateAction, SessionName = session, Outcome = outcome, Error = error,
        }, CancellationToken.None);

    private static CreateSessionResult Invalid(string field, string message) => new(null, [new ValidationError(field, message)]);

    [LoggerMessage(LogLevel.Warning, "Creating {Machine} failed: {Message}")]
    private partial void LogCreateFailed(string machine, string message);
}
