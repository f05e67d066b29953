using Dashboard.Core.Actions;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Setup;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Pages;

/// <summary>
/// One machine, live, with its connect options; only for people the access policy lets see it.
/// </summary>
public sealed partial class MachinePage : IAsyncDisposable
{
    private static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(200);

    private readonly CancellationTokenSource _stop = new();
    private SessionSubscription? _subscription;
    private Task? _reader;
    private Viewer _viewer = Viewer.For("");
    private SessionView? _session;
    private MachineView? _machine;
    private ConnectionDetails? _connection;
    private string? _connectNote;
    private bool _fetching;

    [Parameter] public string Name { get; set; } = "";

    [Inject] private SessionMonitor Monitor { get; set; } = default!;
    [Inject] private MachineCommands Commands { get; set; } = default!;
    [Inject] private ViewerAccessor Viewers { get; set; } = default!;

    private string NoSuchMachine => $"There is no machine named {Name}.";

    protected override async Task OnInitializedAsync()
    {
        _viewer = await Viewers.GetAsync();
        _subscription = Monitor.Subscribe();
        _reader = ReadChangesAsync(_subscription, _stop.Token);
    }

    protected override Task OnParametersSetAsync()
    {
        _connection = null;
        return ShowAsync(Monitor.Sessions.FirstOrDefault(s => s.Machines.Any(m => m.Name == Name)));
    }

    private async Task ReadChangesAsync(SessionSubscription subscription, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in subscription.ReadChangesAsync(RenderInterval, cancellationToken).ConfigureAwait(false))
            {
                await InvokeAsync(async () =>
                {
                    foreach (var change in batch.Where(c => c.Session.Machines.Any(m => m.Name == Name) || c.Session.Id == _session?.Id))
                        await ShowAsync(change.Kind == SessionChangeKind.Remove ? null : change.Session);
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // Only the part of the session this person may see reaches the page; anything else reads as "no such machine".
    private async Task ShowAsync(SessionView? session)
    {
        var visible = session is null ? null : AccessPolicy.VisiblePart(_viewer, session);
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
        var check = AccessPolicy.CanRun(_viewer, session, machine, MachineAction.Connect);
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
            var result = await Commands.RunAsync(machine.Id, MachineAction.Connect, _viewer);
            (_connection, _connectNote) = (result.Connection, result.Connection is null ? result.Message : null);
        }
        finally
        {
            _fetching = false;
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
