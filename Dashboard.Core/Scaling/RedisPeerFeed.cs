using System.Text.Json;
using System.Text.Json.Serialization;
using Dashboard.Core.Live;
using Dashboard.Core.Spot;
using Dashboard.Core.Spot.Alerts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Dashboard.Core.Scaling;

/// <summary>
/// The live picture shared between servers over one Redis channel: each server sends what it changed, in order, and
/// shows what the others changed, so a change seen on any server reaches every browser and hub client. A server that
/// starts asks the leader for the whole picture, since operations in flight are nowhere in the database.
/// </summary>
public sealed partial class RedisPeerFeed(
    IConnectionMultiplexer redis,
    PeerOutbox outbox,
    OperationTracker operations,
    SessionMonitor live,
    SpotEvents spotEvents,
    SpotNotifications notifications,
    Discovery.DiscoveredMachines discovered,
    ClassTime.QuotaLedger quota,
    SpotRecoverer recoverer,
    ILeadership leadership,
    IOptions<ScaleOutOptions> options,
    TimeProvider time,
    ILogger<RedisPeerFeed> logger) : BackgroundService
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Raised after a peer's message is shown here (the benchmark times changes with it).</summary>
    public event Action<PeerMessage>? Applied;

    private RedisChannel Channel => RedisChannel.Literal(options.Value.Key("live"));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        spotEvents.RaisedHere += OnSpotEvent;
        notifications.ChangedHere += OnNotificationsChanged;
        discovered.Changed += OnDiscoveredChanged;
        quota.ChangedHere += OnQuotaChanged;
        recoverer.Changed += OnRecoveryChanged;
        try
        {
            await SubscribeAsync(stoppingToken);
            AskForSnapshot();
            // Messages sent while this server's connection was down are lost to it: it asks for the whole picture again.
            redis.ConnectionRestored += OnConnectionRestored;
            await foreach (var message in outbox.Reader.ReadAllAsync(stoppingToken))
                await SendAsync(message);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            spotEvents.RaisedHere -= OnSpotEvent;
            notifications.ChangedHere -= OnNotificationsChanged;
            recoverer.Changed -= OnRecoveryChanged;
            discovered.Changed -= OnDiscoveredChanged;
            quota.ChangedHere -= OnQuotaChanged;
            redis.ConnectionRestored -= OnConnectionRestored;
        }
    }

    // Until Redis answers, nothing can be heard; the messages this server posts meanwhile wait in the outbox.
    private async Task SubscribeAsync(CancellationToken cancellationToken)
    {
        for (var wait = Backoff.First; ; wait = Backoff.Next(wait))
        {
            try
            {
                var queue = await redis.GetSubscriber().SubscribeAsync(Channel);
                // One message at a time, in the order they were sent.
                queue.OnMessage(message => Receive(message.Message));
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogSubscribeFailed(ex);
                await Task.Delay(wait, time, cancellationToken);
            }
        }
    }

    private async Task SendAsync(PeerMessage message)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, JsonSerializer.SerializeToUtf8Bytes(message, Json));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or JsonException)
        {
            // Peers catch up at the machine's next change, or from the leader's picture when they restart.
            LogSendFailed(ex, message.Kind);
        }
    }

    private void Receive(RedisValue payload)
    {
        try
        {
            var message = JsonSerializer.Deserialize<PeerMessage>((byte[])payload!, Json);
            if (message is null || message.Origin == outbox.Origin)
                return;
            Apply(message);
            Applied?.Invoke(message);
        }
        catch (Exception ex)
        {
            LogReceiveFailed(ex);
        }
    }

    private void Apply(PeerMessage message)
    {
        switch (message.Kind)
        {
            case PeerMessageKind.Changes:
                operations.ApplyPeer(message);
                break;
            case PeerMessageKind.Health when message.Health is { } health:
                live.ReportHealth(health, fromPeer: true);
                break;
            case PeerMessageKind.Spot when message.Spot is { } spotEvent:
                spotEvents.ShowPeerEvent(spotEvent);
                break;
            case PeerMessageKind.NotificationsChanged:
                notifications.ShowPeerChange();
                break;
            case PeerMessageKind.SpotRecovery when message.SpotRecovery is { } recovery && !leadership.IsLeader:
                recoverer.ApplyPeer(recovery);
                break;
            case PeerMessageKind.Quota when message.Quota is { } change:
                quota.ApplyPeer(change);
                break;
            case PeerMessageKind.Discovered when message.Discovered is { } machines:
                discovered.Replace(machines);
                break;
            case PeerMessageKind.SnapshotRequest when leadership.IsLeader:
                live.PostSnapshot(message.Origin);
                OnDiscoveredChanged();
                break;
            case PeerMessageKind.Snapshot when message.For == outbox.Origin:
                operations.ApplyPeer(message);
                if (message.Health is { } leaderHealth)
                    live.ReportHealth(leaderHealth, fromPeer: true);
                break;
        }
    }

    private void OnSpotEvent(SpotEvent spotEvent) =>
        outbox.Post(new PeerMessage(outbox.Origin, PeerMessageKind.Spot) { Spot = spotEvent });

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
            AskForSnapshot();
    }

    private void AskForSnapshot() =>
        outbox.Post(new PeerMessage(outbox.Origin, PeerMessageKind.SnapshotRequest));

    // Only the polling server discovers; what the others show is its list.
    private void OnDiscoveredChanged()
    {
        if (leadership.IsLeader)
            outbox.Post(new PeerMessage(outbox.Origin, PeerMessageKind.Discovered) { Discovered = discovered.Current });
    }

    // Only the polling server recovers: what the others show is its view (a peer's view, applied here, is not sent on).
    private void OnRecoveryChanged(RecoverySnapshot snapshot)
    {
        if (leadership.IsLeader)
            outbox.Post(new PeerMessage(outbox.Origin, PeerMessageKind.SpotRecovery) { SpotRecovery = snapshot });
    }

    private void OnQuotaChanged(ClassTime.QuotaChange change) =>
        outbox.Post(new PeerMessage(outbox.Origin, PeerMessageKind.Quota) { Quota = change });

    private void OnNotificationsChanged() =>
        outbox.Post(new PeerMessage(outbox.Origin, PeerMessageKind.NotificationsChanged));

    [LoggerMessage(LogLevel.Warning, "Subscribing to the peers' channel in Redis failed; trying again")]
    private partial void LogSubscribeFailed(Exception exception);

    [LoggerMessage(LogLevel.Warning, "Telling the other servers of a change ({Kind}) failed")]
    private partial void LogSendFailed(Exception exception, PeerMessageKind kind);

    [LoggerMessage(LogLevel.Error, "A message from another server could not be shown")]
    private partial void LogReceiveFailed(Exception exception);
}
