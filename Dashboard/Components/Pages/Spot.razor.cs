using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Core.Persistence;
using Dashboard.Setup;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Pages;

/// <summary>Ops' view: every session's Spot capacity live, recent evictions, and eviction rehearsal.</summary>
public sealed partial class Spot : IAsyncDisposable
{
    private const int EvictionsShown = 50;
    private readonly Dictionary<Guid, SessionView> _sessions = [];
    private readonly CancellationTokenSource _stop = new();
    private SessionSubscription? _subscription;
    private Task? _reader;
    private Viewer _viewer = Viewer.For("");
    private List<StateChange> _evictions = [];

    [Inject] private SessionMonitor Monitor { get; set; } = default!;
    [Inject] private SessionStore Store { get; set; } = default!;
    [Inject] private ViewerAccessor Viewers { get; set; } = default!;

    private sealed record CapacityRow(SessionView Session, IReadOnlyList<MachineView> Spot)
    {
        public int Running => Spot.Count(m => m.State == MachineState.Running);
        public int Evicted => Spot.Count(m => m.State == MachineState.Evicted);
    }

    private IEnumerable<CapacityRow> Rows => _sessions.Values
        .Select(s => new CapacityRow(s, s.Machines.Where(m => m.IsSpot).ToList()))
        .Where(r => r.Spot.Count > 0)
        .OrderByDescending(r => r.Evicted).ThenBy(r => r.Session.Name, StringComparer.Ordinal);

    protected override async Task OnInitializedAsync()
    {
        _viewer = await Viewers.GetAsync();
        _subscription = Monitor.Subscribe();
        foreach (var session in _subscription.Initial)
            _sessions[session.Id] = session;
        _evictions = await Store.RecentEvictionsAsync(EvictionsShown, CancellationToken.None);
        _reader = ReadAsync(_subscription, _stop.Token);
    }

    private async Task ReadAsync(SessionSubscription subscription, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in subscription.ReadChangesAsync(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false))
            {
                // Read the history again only when the batch can hold a new eviction.
                var evictions = _evictions;
                if (batch.Any(c => c.Session.Machines.Any(m => m.State == MachineState.Evicted)))
                {
                    await Monitor.FlushWritesAsync().ConfigureAwait(false);
                    evictions = await Store.RecentEvictionsAsync(EvictionsShown, cancellationToken).ConfigureAwait(false);
                }
                await InvokeAsync(() =>
                {
                    foreach (var change in batch)
                    {
                        if (change.Kind == SessionChangeKind.Remove)
                            _sessions.Remove(change.Session.Id);
                        else
                            _sessions[change.Session.Id] = change.Session;
                    }

                    _evictions = evictions;
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
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
