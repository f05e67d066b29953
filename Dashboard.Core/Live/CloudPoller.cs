using Dashboard.Core.Cloud;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Live;

/// <summary>
/// Reads every machine's state with one list call per cycle and reconciles it with the live store: operations in
/// flight end when the listing shows them done, and a Spot machine that deallocates or vanishes unasked is evicted.
/// Polls faster while operations are in flight. Nothing it meets stops the host: a failed cycle is logged, shown
/// as stale health, and tried again.
/// </summary>
public sealed partial class CloudPoller(
    ICloud cloud,
    SessionMonitor live,
    OperationTracker operations,
    MachineDiscovery discovery,
    IOptions<MonitorOptions> options,
    TimeProvider time,
    ILogger<CloudPoller> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, 1);
    // One cycle at a time, even when a test or a second caller asks for one while the loop runs.
    private readonly SemaphoreSlim _cycle = new(1, 1);

    public TimeSpan PollInterval => options.Value.IdleInterval;

    /// <summary>Reads every machine's state with one list call and reconciles it with what is shown.</summary>
    public async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        await _cycle.WaitAsync(cancellationToken);
        try
        {
            await PollCycleAsync(cancellationToken);
        }
        finally
        {
            _cycle.Release();
        }
    }

    private async Task PollCycleAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<CloudMachineStatus> listed;
        var listedAt = time.GetUtcNow();
        try
        {
            listed = await cloud.ListAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var health = live.Health;
            live.ReportHealth(new CloudHealth(health.LastSuccess, ex.Message, health.FailingSince ?? time.GetUtcNow()));
            LogPollFailed(ex);
            return;
        }

        live.ReportHealth(new CloudHealth(time.GetUtcNow(), null, null));
        var byId = new Dictionary<string, CloudMachineStatus>(StringComparer.OrdinalIgnoreCase);
        foreach (var status in listed)
            byId.TryAdd(status.CloudId, status);
        await live.Edit(edit =>
        {
            // A machine that changed after the list call began is newer than the listing: keep what is shown.
            foreach (var machine in edit.Sessions.SelectMany(s => s.Machines).Where(m => m.CloudId is not null && m.StateSince <= listedAt).ToList())
            {
                var status = byId.GetValueOrDefault(machine.CloudId!);
                if (operations.Find(machine.Id) is { } tracked)
                    operations.Reconcile(edit, machine, status, tracked);
                else if (StateReconciler.Decide(machine, status) is { } d)
                    edit.ApplyState(new StateUpdate(machine.Id, d.State, d.Cause, d.State == Domain.MachineState.Evicted ? EvictionNotes.For(machine) : null));
            }

            operations.ExpireOverdue(edit);
        });
        discovery.Refresh(listed);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        operations.Began += Wake;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var started = time.GetTimestamp();
                try
                {
                    await PollOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogCycleFailed(ex);
                }

                await WaitForNextCycleAsync(started, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            operations.Began -= Wake;
        }
    }

    // Idle pace normally; an operation beginning shortens the wait to the busy pace counted from the last cycle.
    private async Task WaitForNextCycleAsync(long started, CancellationToken cancellationToken)
    {
        while (true)
        {
            var interval = operations.HasInFlight ? options.Value.BusyInterval : options.Value.IdleInterval;
            var wait = interval - time.GetElapsedTime(started);
            if (wait <= TimeSpan.Zero)
                return;
            using var woken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(wait, time, woken.Token);
            var wake = _wake.WaitAsync(woken.Token);
            var first = await Task.WhenAny(delay, wake);
            await woken.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            if (first == delay)
                return;
        }
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Listing machine states failed; showing the last known state")]
    private partial void LogPollFailed(Exception exception);

    [LoggerMessage(LogLevel.Error, "A poll cycle failed; trying again at the next one")]
    private partial void LogCycleFailed(Exception exception);
}
