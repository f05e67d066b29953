using System.Threading.Channels;
using Dashboard.Core.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dashboard.Core.Live;

/// <summary>
/// Write-behind persistence: the live store shows a change at once and queues its write here; one writer saves
/// them in the order they were made, so the database never ends on an older state. A write that fails because the
/// database is away is tried again, with growing waits, before anything queued after it: nothing is lost while the
/// database is down, and the health shows the problem meanwhile.
/// </summary>
public sealed partial class StateWriter(DatabaseHealth health, TimeProvider time, ILogger<StateWriter> logger) : BackgroundService
{
    // A write the database refuses (not a database that is away) would refuse again forever; after these it is dropped.
    private const int AttemptsOfARefusedWrite = 5;

    private readonly Channel<QueuedWrite> _writes = Channel.CreateUnbounded<QueuedWrite>(
        new UnboundedChannelOptions { SingleReader = true });

    private sealed record QueuedWrite(Func<CancellationToken, Task> Write, TaskCompletionSource Done);

    /// <summary>Queues a write; the task completes when it is saved (or faults when the database refused it).</summary>
    public Task EnqueueAsync(Func<CancellationToken, Task> write)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_writes.Writer.TryWrite(new QueuedWrite(write, done)))
            done.SetException(new InvalidOperationException("The dashboard is shutting down; the change was not saved."));
        return done.Task;
    }

    /// <summary>Completes once every write queued so far is saved.</summary>
    public Task FlushAsync() => EnqueueAsync(_ => Task.CompletedTask);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var _ = stoppingToken.Register(() => _writes.Writer.TryComplete());
        // Drain what was queued before the stop, so nothing shown is lost.
        await foreach (var write in _writes.Reader.ReadAllAsync(CancellationToken.None))
            await SaveAsync(write);
    }

    private async Task SaveAsync(QueuedWrite write)
    {
        var wait = Backoff.First;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await write.Write(CancellationToken.None);
                if (attempt > 1)
                    LogWriteRecovered(attempt);
                health.Recovered();
                write.Done.TrySetResult();
                return;
            }
            catch (Exception ex)
            {
                health.Failed(ex);
                if (!DatabaseFaults.IsTransient(ex) && attempt >= AttemptsOfARefusedWrite)
                {
                    LogWriteDropped(ex, attempt);
                    write.Done.TrySetException(ex);
                    return;
                }

                if (attempt == 1)
                    LogWriteFailed(ex);
            }

            await Task.Delay(wait, time, CancellationToken.None);
            wait = Backoff.Next(wait);
        }
    }

    [LoggerMessage(LogLevel.Error, "Saving live state failed; trying again, and everything queued after it waits")]
    private partial void LogWriteFailed(Exception exception);

    [LoggerMessage(LogLevel.Information, "Saving live state succeeded again at attempt {Attempt}")]
    private partial void LogWriteRecovered(int attempt);

    [LoggerMessage(LogLevel.Critical, "The database refused a change {Attempts} times; it was dropped so the changes after it can be saved")]
    private partial void LogWriteDropped(Exception exception, int attempts);
}
