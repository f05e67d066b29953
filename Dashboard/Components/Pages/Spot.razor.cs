using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Core.Persistence;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Pages;

/// <summary>Ops' view: every session's Spot capacity live, recent evictions, and eviction rehearsal.</summary>
public sealed partial class Spot
{
    private const int EvictionsShown = 50;
    private readonly Dictionary<Guid, SessionView> _sessions = [];
    private List<StateChange> _evictions = [];

    [Inject] private SessionStore Store { get; set; } = default!;
    [Inject] private CommandRunner Runner { get; set; } = default!;

    /// <summary>One line of the Spot machines grid.</summary>
    private sealed record SpotMachine(string SessionName, MachineView Machine);

    private sealed record CapacityRow(SessionView Session, IReadOnlyList<MachineView> Spot)
    {
        public int Running => Spot.Count(m => m.State == MachineState.Running);
        public int Evicted => Spot.Count(m => m.State == MachineState.Evicted);
    }

    private IEnumerable<CapacityRow> Rows => _sessions.Values
        .Select(s => new CapacityRow(s, s.Machines.Where(m => m.IsSpot).ToList()))
        .Where(r => r.Spot.Count > 0)
        .OrderByDescending(r => r.Evicted).ThenBy(r => r.Session.Name, StringComparer.Ordinal);

    /// <summary>Every Spot machine of every session, in the capacity table's order.</summary>
    private List<SpotMachine> SpotMachines => [.. Rows.SelectMany(r => r.Spot.Select(m => new SpotMachine(r.Session.Name, m)))];

    protected override async Task OnInitializedAsync()
    {
        Runner.Changed += OnRunnerChanged;
        _evictions = await Store.RecentEvictionsAsync(EvictionsShown, CancellationToken.None);
        await WatchAsync();
    }

    protected override async Task OnChangesAsync(IReadOnlyList<SessionChange> changes)
    {
        foreach (var change in changes)
        {
            if (change.Kind == SessionChangeKind.Remove)
                _sessions.Remove(change.Session.Id);
            else
                _sessions[change.Session.Id] = change.Session;
        }

        // Read the history again only when the batch can hold a new eviction, once the monitor has written it.
        if (changes.Any(c => c.Session.Machines.Any(m => m.State == MachineState.Evicted)))
        {
            await Monitor.FlushWritesAsync();
            _evictions = await Store.RecentEvictionsAsync(EvictionsShown, CancellationToken.None);
        }
    }

    // This browser's own rehearsal disables its button at once, before the live picture shows it.
    private void OnRunnerChanged(Guid id) => _ = InvokeAsync(StateHasChanged);

    public override ValueTask DisposeAsync()
    {
        Runner.Changed -= OnRunnerChanged;
        return base.DisposeAsync();
    }
}
