using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dashboard.Core.Live;

/// <summary>
/// Write-behind persistence: the live store shows a change at once and queues its write here; one writer saves
/// them in the order they were made, so the database never ends on an older state.
/// </summary>
public sealed partial class StateWriter(ILogger<StateWriter> logger) : BackgroundService
{
    private readonly Channel<Func<CancellationToken, Task>> _writes = Channel.CreateUnbounded<Func<CancellationToken, Task>>(
        new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues a write; the task completes when it is saved (or faults with why it was not).</summary>
    public Task EnqueueAsync(Func<CancellationToken, Task> write)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var queued = _writes.Writer.TryWrite(async ct =>
        {
            try
            {
                await write(ct);
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
                throw;
            }
        });
        if (!queued)
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
        {
            try
            {
                await write(CancellationToken.None);
            }
            catch (Exception ex)
            {
                LogWriteFailed(ex);
            }
        }
    }

    [LoggerMessage(LogLevel.Error, "Saving live state failed")]
    private partial void LogWriteFailed(Exception exception);
}
