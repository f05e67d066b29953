using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Setup;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.People;

/// <summary>A student's home: their machines, live, each with Start/Stop where allowed and Connect.</summary>
public sealed partial class MyMachines : IAsyncDisposable
{
    private static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(200);

    private readonly Dictionary<Guid, SessionView> _sessions = [];
    private readonly CancellationTokenSource _stop = new();
    private List<(SessionView Session, MachineView Machine)> _machines = [];
    private SessionSubscription? _subscription;
    private Task? _reader;
    private Viewer _viewer = Viewer.For("");
    private bool _loaded;

    [Inject] private SessionMonitor Monitor { get; set; } = default!;
    [Inject] private ViewerAccessor Viewers { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _viewer = await Viewers.GetAsync();
        _loaded = true;
        if (!_viewer.IsStudent)
            return;
        _subscription = Monitor.Subscribe();
        foreach (var session in _subscription.Initial)
            Show(session);
        Arrange();
        _reader = ReadChangesAsync(_subscription, _stop.Token);
    }

    private async Task ReadChangesAsync(SessionSubscription subscription, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in subscription.ReadChangesAsync(RenderInterval, cancellationToken).ConfigureAwait(false))
            {
                await InvokeAsync(() =>
                {
                    foreach (var change in batch)
                    {
                        if (change.Kind == SessionChangeKind.Remove)
                            _sessions.Remove(change.Session.Id);
                        else
                            Show(change.Session);
                    }

                    Arrange();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // VisiblePart is the gate; the name filter keeps this page to "mine" for someone who also holds another role.
    private void Show(SessionView session)
    {
        var visible = AccessPolicy.VisiblePart(_viewer, session);
        var mine = visible?.Machines.Where(m => _viewer.IsNamed(m.AssignedUser)).ToList() ?? [];
        if (mine.Count == 0)
            _sessions.Remove(session.Id);
        else
            _sessions[session.Id] = visible! with { Machines = [.. mine] };
    }

    private void Arrange() => _machines =
    [
        .. _sessions.Values.OrderBy(s => s.CreatedAt).ThenBy(s => s.Name, StringComparer.Ordinal)
            .SelectMany(s => s.Machines.Select(m => (s, m))),
    ];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _subscription?.Dispose();
        if (_reader is not null)
            await _reader;
        _stop.Dispose();
    }
}
