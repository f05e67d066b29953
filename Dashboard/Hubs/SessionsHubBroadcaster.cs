using Dashboard.Core.Live;
using Dashboard.Core.People;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Hubs;

/// <summary>
/// Forwards the monitor's change batches to each hub connection, cut down to what that person may see.
/// The hub itself never polls.
/// </summary>
public sealed class SessionsHubBroadcaster(SessionMonitor monitor, IHubContext<SessionsHub> hub, HubWatchers watchers) : BackgroundService
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = monitor.Subscribe();
        try
        {
            await foreach (var batch in subscription.ReadChangesAsync(MinInterval, stoppingToken))
            {
                foreach (var change in batch)
                    await SendAsync(change, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SendAsync(SessionChange change, CancellationToken cancellationToken)
    {
        var name = change.Session.Name;
        foreach (var (connectionId, watcher) in watchers.All.Where(w => w.Watcher.Watches(name)))
        {
            var client = hub.Clients.Client(connectionId);
            if (change.Kind == SessionChangeKind.Remove)
            {
                // Even a session's name is only for those who could see it.
                if (watcher.WatchesByName(name) || AccessPolicy.CanSeeWholeSession(watcher.Viewer, change.Session))
                    await client.SendAsync("SessionRemoved", name, cancellationToken);
            }
            else if (AccessPolicy.VisiblePart(watcher.Viewer, change.Session) is { } visible)
            {
                await client.SendAsync("SessionChanged", visible, cancellationToken);
            }
        }
    }
}
