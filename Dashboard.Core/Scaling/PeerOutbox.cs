using System.Threading.Channels;

namespace Dashboard.Core.Scaling;

/// <summary>
/// What this server tells its peers, in the order it happened. The live store posts under its lock; the Redis feed
/// sends. Without Redis nothing is posted, and the store does not even work out what changed.
/// </summary>
public sealed class PeerOutbox(InstanceIdentity me, bool enabled)
{
    private readonly Channel<PeerMessage> _messages = Channel.CreateUnbounded<PeerMessage>(new UnboundedChannelOptions { SingleReader = true });

    public bool Enabled => enabled;

    public string Origin => me.Id;

    public ChannelReader<PeerMessage> Reader => _messages.Reader;

    public void Post(PeerMessage message)
    {
        if (enabled)
            _messages.Writer.TryWrite(message);
    }
}
