using Dashboard.Core.Audit;
using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Core.Persistence;
using Dashboard.Core.Sessions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Core.Discovery;

/// <summary>
/// An admin adopts discovered machines into a session (an existing one, or a new one with an owner). Checked with
/// <see cref="AccessPolicy"/>, every value checked against its column before anything is written, the machines marked
/// as adopted on the cloud, recorded, shown live and audited; refusals too.
/// </summary>
public sealed partial class MachineAdoption(
    DiscoveredMachines discovered,
    SessionMonitor live,
    SessionStore store,
    ICloud cloud,
    AuditLog audit,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<MachineAdoption> logger)
{
    // One adoption at a time, so two admins cannot adopt the same machine into two sessions.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<AdoptionResult> AdoptAsync(Viewer viewer, AdoptionRequest request, CancellationToken cancellationToken = default)
    {
        var sessionName = request.SessionName?.Trim() ?? "";
        if (!AccessPolicy.CanAdoptMachines(viewer))
            return await RefuseAsync(viewer, sessionName, "Only admins can adopt discovered machines.");

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var (machines, problem) = Resolve(request.CloudIds);
            var existing = live.FindSession(sessionName);
            problem ??= existing is null ? await NewSessionProblemAsync(sessionName, request.Owner?.Trim() ?? "") : null;
            if (problem is not null)
                return await RefuseAsync(viewer, sessionName, problem);

            var marked = await MarkAdoptedAsync(machines, cancellationToken);
            if (marked.Failed.Count > 0 && marked.Adopted.Count == 0)
                return await FailAsync(viewer, sessionName, string.Join(" ", marked.Failed));

            var session = await RecordAsync(existing, sessionName, request.Owner!.Trim(), marked.Adopted, cancellationToken);
            discovered.Remove(marked.Adopted.Select(m => m.CloudId).ToHashSet(StringComparer.OrdinalIgnoreCase));
            var message = $"Adopted {marked.Adopted.Count} machine(s) into {session.Name} (owner {session.Owner}): "
                + string.Join(", ", marked.Adopted.Select(m => m.Name)) + "." + (marked.Failed.Count > 0 ? " Not adopted: " + string.Join(" ", marked.Failed) : "");
            await audit.RecordAsync(viewer.Name, AuditAction.AdoptMachines, ActionOutcome.Succeeded, session.Name, detail: message);
            return new AdoptionResult(ActionOutcome.Succeeded, message, live.FindSession(session.Id));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAdoptionFailed(ex, sessionName);
            return await FailAsync(viewer, sessionName, $"Adopting into {sessionName} failed: {ex.Message}");
        }
        finally
        {
            _gate.Release();
        }
    }

    // The entries as the latest listing shows them, each adoptable, no two with the same name.
    private (IReadOnlyList<DiscoveredMachine> Machines, string? Problem) Resolve(IReadOnlyList<string>? cloudIds)
    {
        var ids = (cloudIds ?? []).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (ids.Count == 0)
            return ([], "Choose at least one discovered machine.");
        var current = discovered.Current.ToDictionary(m => m.CloudId, StringComparer.OrdinalIgnoreCase);
        var machines = new List<DiscoveredMachine>();
        foreach (var id in ids)
        {
            if (!current.TryGetValue(id, out var machine))
                return ([], $"{id[(id.LastIndexOf('/') + 1)..]} is not in the discovered list (any more).");
            if (machine.Blocker is { } blocker)
                return ([], $"{machine.Name} cannot be adopted: {blocker}");
            machines.Add(machine);
        }
        if (machines.GroupBy(m => m.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
            return ([], $"Two machines named {twice.Key} were chosen (in {string.Join(" and ", twice.Select(m => m.ResourceGroup))}); machine names are unique, so adopt only one of them.");
        return (machines, null);
    }

    private async Task<string?> NewSessionProblemAsync(string sessionName, string owner)
    {
        if (!SessionPlanner.IsValidName(sessionName) || sessionName.Length > ColumnLimits.SessionName)
            return $"\"{Shown(sessionName)}\" is not a valid session name: use 3–30 characters, lower-case letters, digits and hyphens, starting with a letter.";
        if (owner.Length is 0 or > ColumnLimits.Person)
            return "Name the new session's owner: the e-mail of an instructor account.";
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var user = await users.FindByNameAsync(owner) ?? await users.FindByEmailAsync(owner);
        if (user is null)
            return $"No account {Shown(owner)} exists: the owner must be an instructor (or admin) account.";
        if (!await users.IsInRoleAsync(user, Roles.Instructor) && !await users.IsInRoleAsync(user, Roles.Admin))
            return $"{owner} is neither an instructor nor an admin, so cannot own a session.";
        return null;
    }

    private async Task<(List<DiscoveredMachine> Adopted, List<string> Failed)> MarkAdoptedAsync(IReadOnlyList<DiscoveredMachine> machines,
        CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(machines.Select(async m =>
        {
            try
            {
                await cloud.MarkAdoptedAsync(m.CloudId, cancellationToken);
                return (Machine: m, Error: (string?)null);
            }
            catch (CloudOperationException ex)
            {
                return (Machine: m, Error: ex.Message);
            }
        }));
        return ([.. results.Where(r => r.Error is null).Select(r => r.Machine)], [.. results.Where(r => r.Error is not null).Select(r => r.Error!)]);
    }

    private async Task<SessionView> RecordAsync(SessionView? existing, string sessionName, string owner, IReadOnlyList<DiscoveredMachine> machines,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (existing is not null)
        {
            var added = machines.Select(m => SessionDiscovery.MachineOf(m, existing.Id, now)).ToList();
            await store.AdoptAsync([], added, cancellationToken);
            await live.Edit(edit =>
            {
                foreach (var machine in added)
                    edit.Put(MachineView.From(machine));
            });
            return live.FindSession(existing.Id) ?? existing;
        }

        var kinds = machines.Select(m => m.Kind).Distinct().ToList();
        var session = new Session
        {
            Name = sessionName,
            Kind = kinds.Count == 1 ? kinds[0] : FormationKind.MachinePool,
            Owner = ColumnLimits.Fit(owner, ColumnLimits.Person),
            CreatedAt = now,
        };
        session.Machines.AddRange(machines.Select(m => SessionDiscovery.MachineOf(m, session.Id, now)));
        await store.AdoptAsync([session], [], cancellationToken);
        await live.Edit(edit => edit.AddSession(SessionView.From(session)));
        return SessionView.From(session);
    }

    private async Task<AdoptionResult> RefuseAsync(Viewer viewer, string sessionName, string reason)
    {
        await audit.RecordAsync(viewer.Name, AuditAction.AdoptMachines, ActionOutcome.Refused, NullIfEmpty(sessionName), detail: reason);
        return new AdoptionResult(ActionOutcome.Refused, reason);
    }

    private async Task<AdoptionResult> FailAsync(Viewer viewer, string sessionName, string error)
    {
        await audit.RecordAsync(viewer.Name, AuditAction.AdoptMachines, ActionOutcome.Failed, NullIfEmpty(sessionName), detail: error);
        return new AdoptionResult(ActionOutcome.Failed, error);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static string Shown(string value) => value.Length <= 60 ? value : $"{value[..57]}…";

    [LoggerMessage(LogLevel.Error, "Adopting discovered machines into {Session} failed")]
    private partial void LogAdoptionFailed(Exception exception, string session);
}
