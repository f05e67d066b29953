using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Setup;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Components.People;

/// <summary>
/// Who holds which machine of one session, live, with assign / unassign / reassign and invitations.
/// Only those AccessPolicy lets manage its people see anything; the Roster checks every change again.
/// </summary>
public sealed partial class PeoplePage : IAsyncDisposable
{
    internal enum Change
    {
        Assign,
        Reassign,
        Unassign,
    }

    private static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(200);

    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<Guid, string> _emails = [];
    private readonly HashSet<Guid> _busy = [];
    private SessionSubscription? _subscription;
    private Task? _reader;
    private SessionView? _session;
    private Viewer _viewer = Viewer.For("");
    private bool _allowed;
    private bool _loaded;
    private int _assignmentsVersion;

    [Parameter] public string Name { get; set; } = "";

    [Inject] private SessionMonitor Monitor { get; set; } = default!;
    [Inject] private ViewerAccessor Viewers { get; set; } = default!;
    [Inject] private Roster Roster { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private int FreeCount => _session?.Machines.Count(m => m.AssignedUser is null) ?? 0;

    protected override async Task OnInitializedAsync()
    {
        _viewer = await Viewers.GetAsync();
        _subscription = Monitor.Subscribe();
        Show(_subscription.Initial.FirstOrDefault(s => s.Name == Name));
        _loaded = true;
        _reader = ReadChangesAsync(_subscription, _stop.Token);
    }

    private async Task ReadChangesAsync(SessionSubscription subscription, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in subscription.ReadChangesAsync(RenderInterval, cancellationToken).ConfigureAwait(false))
            {
                var mine = batch.Where(c => c.Session.Name == Name).ToList();
                if (mine.Count == 0)
                    continue;
                await InvokeAsync(() =>
                {
                    foreach (var change in mine)
                        Show(change.Kind == SessionChangeKind.Remove ? null : change.Session);
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // Nothing of the session is kept for someone who may not manage its people.
    private void Show(SessionView? session)
    {
        _allowed = session is not null && AccessPolicy.CanManagePeople(_viewer, session);
        var before = _session;
        _session = _allowed ? session : session is null ? null : session with { Machines = [] };
        if (before is not null && _session is not null && !SameAssignments(before, _session))
            _assignmentsVersion++;
    }

    private static bool SameAssignments(SessionView a, SessionView b) =>
        a.Machines.Select(m => (m.Id, m.AssignedUser)).SequenceEqual(b.Machines.Select(m => (m.Id, m.AssignedUser)));

    private string EmailFor(Guid machineId) => _emails.GetValueOrDefault(machineId, "");

    private async Task ChangeAsync(MachineView machine, Change change)
    {
        _busy.Add(machine.Id);
        try
        {
            var email = EmailFor(machine.Id);
            var result = change switch
            {
                Change.Assign => await Roster.AssignAsync(_viewer, machine.Id, email),
                Change.Reassign => await Roster.ReassignAsync(_viewer, machine.Id, email),
                _ => await Roster.UnassignAsync(_viewer, machine.Id),
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

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _subscription?.Dispose();
        if (_reader is not null)
            await _reader;
        _stop.Dispose();
    }
}
