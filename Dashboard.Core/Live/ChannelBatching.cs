using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Dashboard.Core.Live;

public static class ChannelBatching
{
    /// <summary>
    /// Reads everything available as one batch, at most once per <paramref name="minInterval"/>:
    /// a burst of hundreds of changes becomes a handful of renders.
    /// </summary>
    public static async IAsyncEnumerable<IReadOnlyList<T>> ReadBatchesAsync<T>(
        this ChannelReader<T> reader,
        TimeSpan minInterval,
        TimeProvider time,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lastYield = time.GetTimestamp() - (long)(minInterval.TotalSeconds * time.TimestampFrequency);
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            var wait = minInterval - time.GetElapsedTime(lastYield);
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, time, cancellationToken);

            var batch = new List<T>();
            while (reader.TryRead(out var item))
                batch.Add(item);
            if (batch.Count == 0)
                continue;
            lastYield = time.GetTimestamp();
            yield return batch;
        }
    }
}
