using Dashboard.Core.Live;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Hubs;

/// <summary>Forwards the monitor's change batches to hub groups: the hub itself never polls.</summary>
public sealed class SessionsHubBroadcaster(SessionMonitor monitor, IHubContext<SessionsHub> hub) : BackgroundService
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

    private Task SendAsync(SessionChange change, CancellationToken cancellationToken)
    {
        var clients = hub.Clients.Groups(SessionsHub.GroupOf(change.Session.Name), SessionsHub.AllGroup);
        return change.Kind == SessionChangeKind.Remove
            ? clients.SendAsync("SessionRemoved", change.Session.Name, cancellationToken)
            : clients.SendAsync("SessionChanged", change.Session, cancellationToken);
    }
}
