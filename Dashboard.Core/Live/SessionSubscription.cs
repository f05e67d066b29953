using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Dashboard.Core.Domain;

namespace Dashboard.Core.Live;

/// <summary>
/// A snapshot of every session plus the changes that follow it, with nothing lost in between.
/// Dispose it to stop receiving.
/// </summary>
public sealed class SessionSubscription : IDisposable
{
    private readonly Channel<SessionChange> _channel;
    private readonly Action<SessionSubscription> _unsubscribe;
    private readonly TimeProvider _time;

    internal SessionSubscription(IReadOnlyList<SessionView> initial, Channel<SessionChange> channel,
        Action<SessionSubscription> unsubscribe, TimeProvider time)
    {
        Initial = initial;
        _channel = channel;
        _unsubscribe = unsubscribe;
        _time = time;
    }

    public IReadOnlyList<SessionView> Initial { get; }

    internal ChannelWriter<SessionChange> Writer => _channel.Writer;

    /// <summary>Change batches, merged per session, at most one batch per <paramref name="minInterval"/>.</summary>
    public async IAsyncEnumerable<IReadOnlyList<SessionChange>> ReadChangesAsync(
        TimeSpan minInterval, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var burst in _channel.Reader.ReadBatchesAsync(minInterval, _time, cancellationToken))
            yield return SessionChange.Merge(burst);
    }

    public void Dispose()
    {
        _unsubscribe(this);
        _channel.Writer.TryComplete();
    }
}
