using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dashboard.Core.Spot.Alerts;

/// <summary>
/// Saves Spot events as notifications in batches: it waits a moment after the first event of a burst so the rest
/// of it goes into the same write, and retries a write the database refuses before giving up on that batch.
/// </summary>
internal sealed partial class SpotNotificationWriter(SpotEvents events, SpotNotifications notifications, TimeProvider time,
    ILogger<SpotNotificationWriter> logger) : BackgroundService
{
    private const int MaxBatch = 1000;
    private const int Attempts = 5;
    private static readonly TimeSpan GatherWindow = TimeSpan.FromMilliseconds(100);

    // Subscribed when built, before any hosted service starts, so no event of the first poll is missed.
    private readonly ChannelReader<SpotEvent> _events = events.Subscribe();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _events.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(GatherWindow, time, stoppingToken);
                var batch = new List<SpotEvent>();
                while (batch.Count < MaxBatch && _events.TryRead(out var spotEvent))
                    batch.Add(spotEvent);
                await SaveWithRetriesAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SaveWithRetriesAsync(IReadOnlyList<SpotEvent> batch, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await notifications.SaveAsync(batch, stoppingToken);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (attempt == Attempts)
                {
                    LogDropped(ex, batch.Count, attempt);
                    return;
                }

                LogRetrying(ex, batch.Count, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Pow(2, attempt)), time, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saving {Count} Spot notifications failed (attempt {Attempt}); trying again.")]
    private partial void LogRetrying(Exception ex, int count, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} Spot notifications were not saved after {Attempt} attempts.")]
    private partial void LogDropped(Exception ex, int count, int attempt);
}
