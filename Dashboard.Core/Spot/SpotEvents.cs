using System.Threading.Channels;

namespace Dashboard.Core.Spot;

/// <summary>
/// The stream of Spot events. Each subscriber (recovery, notifications, webhooks) reads its own unbounded queue, so
/// a slow one never holds up the live store that raises them, nor the others.
/// </summary>
public sealed class SpotEvents
{
    private readonly Lock _gate = new();
    private readonly List<Channel<SpotEvent>> _subscribers = [];

    /// <summary>Raised after every event, for pages that only need to know that something happened (they unsubscribe when closed).</summary>
    public event Action<SpotEvent>? Raised;

    public ChannelReader<SpotEvent> Subscribe()
    {
        var channel = Channel.CreateUnbounded<SpotEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
            _subscribers.Add(channel);
        return channel.Reader;
    }

    public void Raise(SpotEvent spotEvent)
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
                subscriber.Writer.TryWrite(spotEvent);
        }

        Raised?.Invoke(spotEvent);
        RaisedHere?.Invoke(spotEvent);
    }

    /// <summary>Raised for events of this server (recovery, alerts and peers hear of these; a peer's own events it handles).</summary>
    internal event Action<SpotEvent>? RaisedHere;

    /// <summary>A peer's event: shown on this server's open pages only, since its origin records and sends its alerts.</summary>
    internal void ShowPeerEvent(SpotEvent spotEvent) => Raised?.Invoke(spotEvent);
}
