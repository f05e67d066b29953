using Dashboard.Core.Actions;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Pages;

/// <summary>
/// One machine, live, with its connect options; only for people the access policy lets see it.
/// </summary>
public sealed partial class MachinePage
{
    private SessionView? _session;
    private MachineView? _machine;
    private ConnectionDetails? _connection;
    private string? _connectNote;
    private bool _fetching;
    private string? _shownName;

    [Parameter] public string Name { get; set; } = "";

    [Inject] private MachineCommands Commands { get; set; } = default!;

    private string NoSuchMachine => $"There is no machine named {Name}.";

    protected override Task OnInitializedAsync() => WatchAsync();

    // The snapshot already showed this name; only a navigation to another machine needs a fresh look.
    protected override Task OnParametersSetAsync()
    {
        if (Name == _shownName)
            return Task.CompletedTask;
        _connection = null;
        return ShowAsync(Monitor.Sessions.FirstOrDefault(s => s.Machines.Any(m => m.Name == Name)));
    }

    protected override async Task OnChangesAsync(IReadOnlyList<SessionChange> changes)
    {
        foreach (var change in changes.Where(c => c.Session.Machines.Any(m => m.Name == Name) || c.Session.Id == _session?.Id))
            await ShowAsync(change.Kind == SessionChangeKind.Remove ? null : change.Session);
    }

    // Only the part of the session this person may see reaches the page; anything else reads as "no such machine".
    private async Task ShowAsync(SessionView? session)
    {
        _shownName = Name;
        var visible = session is null ? null : AccessPolicy.VisiblePart(Viewer, session);
        _machine = visible?.Machines.FirstOrDefault(m => m.Name == Name);
        _session = _machine is null ? null : visible;
        if (_machine is null || session is null)
        {
            _connection = null;
            return;
        }

        await RefreshConnectionAsync(session, _machine);
    }

    /// <summary>
    /// Asks the Connect command (policy, state rules, audit) once each time the machine becomes reachable;
    /// says why not otherwise, without asking, so the audit trail is not filled with refusals.
    /// </summary>
    private async Task RefreshConnectionAsync(SessionView session, MachineView machine)
    {
        var check = AccessPolicy.CanRun(Viewer, session, machine, MachineAction.Connect);
        if (check.Allowed)
            check = ActionRules.Check(machine, MachineAction.Connect);
        if (!check.Allowed)
        {
            (_connection, _connectNote) = (null, check.Reason);
            return;
        }

        // A live update can arrive while the command runs: ask once.
        if (_connection is not null || _fetching)
            return;
        _fetching = true;
        try
        {
            var result = await Commands.RunAsync(machine.Id, MachineAction.Connect, Viewer);
            (_connection, _connectNote) = (result.Connection, result.Connection is null ? result.Message : null);
        }
        finally
        {
            _fetching = false;
        }
    }
}
