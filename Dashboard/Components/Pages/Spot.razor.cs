using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Core.Spot;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Pages;

/// <summary>Ops' view: every session's Spot capacity live, recent evictions, and eviction rehearsal.</summary>
public sealed partial class Spot
{
    private const int EvictionsShown = 50;
    private readonly Dictionary<Guid, SessionView> _sessions = [];
    private IReadOnlyList<EvictionRecord> _evictions = [];
    private int _reloadPending;

    [Inject] private SpotHistory History { get; set; } = default!;
    [Inject] private SpotRecoverer Recoverer { get; set; } = default!;
    [Inject] private SpotEvents SpotEvents { get; set; } = default!;
    [Inject] private CommandRunner Runner { get; set; } = default!;

    /// <summary>One line of the Spot machines grid.</summary>
    private sealed record SpotMachine(string SessionName, MachineView Machine);

    private sealed record CapacityRow(SessionView Session, IReadOnlyList<MachineView> Spot)
    {
        public int Running => Spot.Count(m => m.State == MachineState.Running);
        public int Evicted => Spot.Count(m => m.State == MachineState.Evicted);
    }

    /// <summary>The fleet at a glance: Spot machines running and evicted, being brought back, and run at regular priority after a fall-back.</summary>
    private sealed record FleetSummary(int Running, int Evicted, int Recovering, int FallenBack);

    private FleetSummary Fleet
    {
        get
        {
            var machines = _sessions.Values.SelectMany(s => s.Machines).Where(m => m.IsSpot || m.FellBackFromSpot).ToList();
            var recovering = Recoverer.Recovering.Select(r => r.MachineId).ToHashSet();
            return new FleetSummary(
                machines.Count(m => m.IsSpot && m.State == MachineState.Running),
                machines.Count(m => m.State == MachineState.Evicted),
                machines.Count(m => recovering.Contains(m.Id) || m.Operation?.Actor == SpotRecoverer.Actor),
                machines.Count(m => m.FellBackFromSpot));
        }
    }

    /// <summary>Why an eviction shows no attempt yet: no recovery set, or one waiting for its back-off or a capacity cooldown.</summary>
    private string NothingTried(EvictionRecord eviction)
    {
        var session = _sessions.Values.FirstOrDefault(s => s.Name == eviction.SessionName);
        var machine = session?.Machines.FirstOrDefault(m => m.Name == eviction.MachineName);
        if (eviction.RecoveredAfter is not null || session is null || machine is null)
            return "nothing";
        if (session.SpotRecovery.Mode == SpotRecovery.None)
            return "nothing (no recovery set)";
        if (Recoverer.CooldownUntil(machine) is { } until)
            return $"waiting: no attempt for {machine.Size} until {until.ToUniversalTime():HH:mm:ss} UTC (capacity cooldown)";
        return Recoverer.Recovering.FirstOrDefault(r => r.MachineId == machine.Id) is { } recovery && recovery.NextAttemptAt > DateTimeOffset.UtcNow
            ? $"waiting: next attempt at {recovery.NextAttemptAt.ToUniversalTime():HH:mm:ss} UTC"
            : "nothing yet: the first attempt is due";
    }

    private static bool IsDown(MachineView m) => m.State is MachineState.Evicted or MachineState.Failed;

    private static string Took(TimeSpan span) =>
        span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s" : $"{Math.Max(0, (int)span.TotalSeconds)} s";

    private IEnumerable<CapacityRow> Rows => _sessions.Values
        .Select(s => new CapacityRow(s, s.Machines.Where(m => m.IsSpot || m.FellBackFromSpot).ToList()))
        .Where(r => r.Spot.Count > 0)
        .OrderByDescending(r => r.Evicted).ThenBy(r => r.Session.Name, StringComparer.Ordinal);

    /// <summary>Every Spot machine of every session, in the capacity table's order.</summary>
    private List<SpotMachine> SpotMachines => [.. Rows.SelectMany(r => r.Spot.Select(m => new SpotMachine(r.Session.Name, m)))];

    protected override async Task OnInitializedAsync()
    {
        Runner.Changed += OnRunnerChanged;
        SpotEvents.Raised += OnSpotEvent;
        Recoverer.Changed += OnRecoveryChanged;
        _evictions = await History.RecentAsync(EvictionsShown, CancellationToken.None);
        await WatchAsync();
    }

    protected override async Task OnChangesAsync(IReadOnlyList<SessionChange> changes)
    {
        // An eviction, or the end of one (the machine runs again), changes the evictions table.
        var wasDown = _sessions.Values.SelectMany(s => s.Machines).Where(IsDown).Select(m => m.Id).ToHashSet();
        foreach (var change in changes)
        {
            if (change.Kind == SessionChangeKind.Remove)
                _sessions.Remove(change.Session.Id);
            else
                _sessions[change.Session.Id] = change.Session;
        }

        // Read the history again only when the batch can hold an eviction or a recovery, once the monitor has written it.
        var isDown = _sessions.Values.SelectMany(s => s.Machines).Where(IsDown).Select(m => m.Id).ToHashSet();
        if (!isDown.SetEquals(wasDown))
        {
            await Monitor.FlushWritesAsync();
            _evictions = await History.RecentAsync(EvictionsShown, CancellationToken.None);
        }
    }

    // This browser's own rehearsal disables its button at once, before the live picture shows it.
    private void OnRunnerChanged(Guid id) => _ = InvokeAsync(StateHasChanged);

    // Recovering and cooldowns (this server's, or the polling server's) changed: the summary and chips follow live.
    private void OnRecoveryChanged(RecoverySnapshot snapshot) => _ = InvokeAsync(StateHasChanged);

    // A recovery step is recorded before it is raised: read the history again to show it, once for a burst of events.
    private void OnSpotEvent(SpotEvent spotEvent)
    {
        if (Interlocked.Exchange(ref _reloadPending, 1) == 1)
            return;
        _ = InvokeAsync(async () =>
        {
            Volatile.Write(ref _reloadPending, 0);
            _evictions = await History.RecentAsync(EvictionsShown, CancellationToken.None);
            StateHasChanged();
        });
    }

    public override ValueTask DisposeAsync()
    {
        SpotEvents.Raised -= OnSpotEvent;
        Recoverer.Changed -= OnRecoveryChanged;
        Runner.Changed -= OnRunnerChanged;
        return base.DisposeAsync();
    }
}
