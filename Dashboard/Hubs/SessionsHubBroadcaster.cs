using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Dashboard.Hubs;

/// <summary>
/// Hands the monitor's change batches to each hub connection's own feed, cut down to what that person may see.
/// It never waits for a client: each connection's pump sends on its own, so a slow client delays only itself.
/// The hub itself never polls.
/// </summary>
public sealed class SessionsHubBroadcaster(
    SessionMonitor monitor,
    HubWatchers watchers,
    IOptions<JsonHubProtocolOptions> json) : BackgroundService
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(250);

    // The last picture of each session handed out, for the deltas: only this loop reads or writes it.
    private readonly Dictionary<Guid, SessionView> _previous = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = monitor.Subscribe();
        try
        {
            // The pictures the first deltas are measured from; one a batch overtakes only makes a delta say more.
            await monitor.WhenLoaded.WaitAsync(stoppingToken);
            foreach (var session in monitor.Sessions)
                _previous[session.Id] = session;
            await foreach (var batch in subscription.ReadAsync(MinInterval, stoppingToken))
            {
                Post(batch.Changes);
                // Health travels with the state: every connection learns that what it shows may be stale.
                if (batch.Health is { } health)
                {
                    foreach (var watcher in watchers.All)
                        watcher.Feed.Post(OutboxMessage.HealthKey, OutboxMessage.Health(health));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Post(IReadOnlyList<SessionChange> batch)
    {
        var serialized = new SerializedSessions(json.Value.PayloadSerializerOptions);
        var deltas = new SessionDeltas(json.Value.PayloadSerializerOptions);
        foreach (var change in batch)
        {
            var name = change.Session.Name;
            var earlier = _previous.GetValueOrDefault(change.Session.Id);
            if (change.Kind == SessionChangeKind.Remove)
                _previous.Remove(change.Session.Id);
            else
                _previous[change.Session.Id] = change.Session;
            MachineDiff? diff = null;
            foreach (var watcher in watchers.All.Where(w => w.Watches(name)))
            {
                if (change.Kind == SessionChangeKind.Remove)
                {
                    // Even a session's name is only for those who could see it.
                    if (watcher.WatchesByName(name) || AccessPolicy.CanSeeWholeSession(watcher.Viewer, change.Session))
                        watcher.Feed.Post(name, OutboxMessage.Removed(name));
                }
                else if (watcher.WantsDeltas)
                {
                    diff ??= MachineDiff.Between(earlier, change.Session);
                    if (deltas.For(watcher.Viewer, earlier, change.Session, diff) is { } delta)
                        watcher.Feed.Post(name, OutboxMessage.Delta(delta));
                }
                else if (AccessPolicy.VisiblePart(watcher.Viewer, change.Session) is { } visible)
                {
                    watcher.Feed.Post(name, OutboxMessage.Changed(serialized.Of(visible)));
                }
            }
        }
    }
}
