using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.Mail;
using Dashboard.Core.People;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Components.People;

/// <summary>
/// Who holds which machine of one session, live, with assign / unassign / reassign and invitations.
/// Only those AccessPolicy lets manage its people see anything; the Roster checks every change again.
/// </summary>
public sealed partial class PeoplePage
{
    internal enum Change
    {
        Assign,
        Reassign,
        Unassign,
    }

    private readonly Dictionary<Guid, string> _emails = [];
    private readonly HashSet<Guid> _busy = [];
    private SessionView? _session;
    private bool _allowed;
    private bool _loaded;
    private int _assignmentsVersion;

    [Parameter] public string Name { get; set; } = "";

    [Inject] private Roster Roster { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IMailSender Mail { get; set; } = default!;

    private int FreeCount => _session?.Machines.Count(m => m.AssignedUser is null) ?? 0;

    protected override async Task OnInitializedAsync()
    {
        await WatchAsync();
        _loaded = true;
    }

    protected override Task OnChangesAsync(IReadOnlyList<SessionChange> changes)
    {
        foreach (var change in changes.Where(c => c.Session.Name == Name))
            Show(change.Kind == SessionChangeKind.Remove ? null : change.Session);
        return Task.CompletedTask;
    }

    // Nothing of the session is kept for someone who may not manage its people.
    private void Show(SessionView? session)
    {
        _allowed = session is not null && AccessPolicy.CanManagePeople(Viewer, session);
        var before = _session;
        _session = _allowed ? session : session is null ? null : session with { Machines = [] };
        if (before is not null && _session is not null && !SameAssignments(before, _session))
            _assignmentsVersion++;
    }

    private static bool SameAssignments(SessionView a, SessionView b) =>
        a.Machines.Select(m => (m.Id, m.AssignedUser, m.AssignedUserId)).SequenceEqual(b.Machines.Select(m => (m.Id, m.AssignedUser, m.AssignedUserId)));

    private string EmailFor(Guid machineId) => _emails.GetValueOrDefault(machineId, "");

    private async Task SetStudentsMayStartStopAsync(bool allowed)
    {
        var result = await Roster.SetStudentsMayStartStopAsync(Viewer, _session!.Id, allowed);
        Snackbar.Add(result.Message, result.Succeeded ? Severity.Success : Severity.Warning);
    }

    private async Task ChangeAsync(MachineView machine, Change change)
    {
        _busy.Add(machine.Id);
        try
        {
            var email = EmailFor(machine.Id);
            var result = change switch
            {
                Change.Assign => await Roster.AssignAsync(Viewer, machine.Id, email),
                Change.Reassign => await Roster.ReassignAsync(Viewer, machine.Id, email),
                _ => await Roster.UnassignAsync(Viewer, machine.Id),
            };
            Snackbar.Add(result.Message, result.Succeeded ? Severity.Success : Severity.Warning);
            if (result.Succeeded)
                _emails.Remove(machine.Id);
        }
        finally
        {
            _busy.Remove(machine.Id);
        }
    }
}
