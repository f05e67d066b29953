using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Live;

/// <summary>
/// Reads every machine's state with one list call per cycle and reconciles it with the live store: operations in
/// flight end when the listing shows them done, and a Spot machine that deallocates or vanishes unasked is evicted.
/// Polls faster while operations are in flight. Nothing it meets stops the host: a failed cycle is logged, shown
/// as stale health, and tried again. A machine missing from a listing is removed only once it is confirmed gone
/// (see <see cref="MissingMachines"/>), and the first cycle after a start closes the operations a restart interrupted.
/// </summary>
public sealed partial class CloudPoller(
    ICloud cloud,
    SessionMonitor live,
    OperationTracker operations,
    MachineDiscovery discovery,
    OperationRecovery recovery,
    Scaling.ILeadership leadership,
    Telemetry.DashboardMetrics metrics,
    IOptions<MonitorOptions> options,
    TimeProvider time,
    ILogger<CloudPoller> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, 1);
    // One cycle at a time, even when a test or a second caller asks for one while the loop runs.
    private readonly SemaphoreSlim _cycle = new(1, 1);
    private readonly MissingMachines _missing = new();
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();
    private bool _recovered;

    // A poll shows states at once; it waits this long for their write, then goes on while the writer retries.
    private static readonly TimeSpan SaveWait = TimeSpan.FromSeconds(2);

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
        // Until the sessions are loaded there is nothing to reconcile, and every machine would look like a stranger.
        if (!live.WhenLoaded.IsCompleted)
            return;
        using var measured = metrics.MeasurePollCycle();
        IReadOnlyList<CloudMachineStatus> listed;
        var listedAt = time.GetUtcNow();
        try
        {
            listed = await cloud.ListAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Also a timeout that surfaces as a cancellation: only our own stop ends the loop.
            measured.Failed(ex);
            var health = live.Health;
            live.ReportHealth(health with { Error = ex.Message, FailingSince = health.FailingSince ?? time.GetUtcNow() });
            LogPollFailed(ex);
            return;
        }

        live.ReportHealth(live.Health with { LastSuccess = time.GetUtcNow(), Error = null, FailingSince = null });
        var byId = new Dictionary<string, CloudMachineStatus>(StringComparer.OrdinalIgnoreCase);
        foreach (var status in listed)
            byId.TryAdd(status.CloudId, status);
        if (!_recovered)
            _recovered = await TryRecoverAsync(byId, cancellationToken);

        var gone = await ConfirmGoneAsync(byId, listedAt, cancellationToken);
        var saved = live.Edit(edit =>
        {
            // A machine that changed after the list call began is newer than the listing: keep what is shown.
            foreach (var machine in edit.Sessions.SelectMany(s => s.Machines).Where(m => m.CloudId is not null && m.StateSince <= listedAt).ToList())
                Reconcile(edit, machine, byId.GetValueOrDefault(machine.CloudId!), gone.Contains(machine.Id));

            operations.ExpireOverdue(edit);
        });
        await WaitBrieflyAsync(saved);
        discovery.Refresh(listed);
    }

    /// <summary>
    /// Applies what the cloud says of one machine (null: not listed) to what is shown. <paramref name="confirmedGone"/>
    /// says a direct read found no such machine. Called inside <see cref="SessionMonitor.Edit"/>.
    /// </summary>
    private void Reconcile(LiveEdit edit, MachineView machine, CloudMachineStatus? status, bool confirmedGone)
    {
        var tracked = operations.Find(machine.Id);
        // Until the interrupted operations are known, a machine a restart left mid-way is not judged: its
        // stop could read as an eviction. Everything else is reconciled while the database is away.
        if (!_recovered && tracked is null && ActionRules.IsTransitional(machine.State) && machine.StateSince < _startedAt)
            return;
        // Missing once is not gone: only a confirmed absence (or our own delete finishing) removes a machine.
        if (status is null && !confirmedGone && tracked?.Expected != Domain.MachineState.Deleted)
            return;
        if (tracked is not null)
            operations.Reconcile(edit, machine, status, tracked);
        else if (StateReconciler.Decide(machine, status) is { } d)
            edit.ApplyState(new StateUpdate(machine.Id, d.State, d.Cause, d.State == Domain.MachineState.Evicted ? EvictionNotes.For(machine) : null));
    }

    private async Task<bool> TryRecoverAsync(IReadOnlyDictionary<string, CloudMachineStatus> byId, CancellationToken cancellationToken)
    {
        try
        {
            await recovery.RecoverAsync(byId, cancellationToken);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogRecoveryFailed(ex);
            return false;
        }
    }

    /// <summary>
    /// Machines missing from this listing and the one before, which a direct read says the cloud does not have. A
    /// direct read that finds the machine puts its state into the listing; one that fails confirms nothing.
    /// </summary>
    private async Task<HashSet<Guid>> ConfirmGoneAsync(Dictionary<string, CloudMachineStatus> byId, DateTimeOffset listedAt,
        CancellationToken cancellationToken)
    {
        List<MachineView> suspects;
        lock (live.Gate)
        {
            var shown = live.Sessions.SelectMany(s => s.Machines).Where(m => m.CloudId is not null && m.StateSince <= listedAt).ToList();
            suspects = _missing.Count(shown, m => byId.ContainsKey(m.CloudId!) || !RemovalAt(m));
        }

        var gone = new HashSet<Guid>();
        foreach (var machine in suspects)
        {
            try
            {
                if (await cloud.ReadAsync(machine.CloudId!, cancellationToken) is { } status)
                    byId[status.CloudId] = status;
                else
                    gone.Add(machine.Id);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogReadFailed(ex, machine.Name);
            }
        }

        return gone;
    }

    // Whether a machine missing from the listing would change anything: removed, evicted or failed (under the lock).
    private bool RemovalAt(MachineView machine) => operations.Find(machine.Id) is { } tracked
        ? tracked.Expected != Domain.MachineState.Deleted && !tracked.MayBeUnlisted
        : StateReconciler.Decide(machine, null) is not null;

    private async Task WaitBrieflyAsync(Task saved)
    {
        try
        {
            await saved.WaitAsync(SaveWait, time);
        }
        catch (TimeoutException)
        {
            LogSaveWaiting();
        }
        catch (Exception) when (saved.IsFaulted)
        {
            // The writer logged why the database refused it; the poll goes on.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        operations.Began += Wake;
        try
        {
            CancellationToken? term = null;
            while (!stoppingToken.IsCancellationRequested)
            {
                // Exactly one server polls: the others wait here until the lease comes to them.
                var leading = await leadership.WaitUntilLeaderAsync(stoppingToken);
                if (term is { } earlier && earlier != leading)
                    _recovered = false;
                term = leading;
                using var cycle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, leading);
                var started = time.GetTimestamp();
                try
                {
                    await PollOnceAsync(cycle.Token);
                }
                catch (OperationCanceledException) when (leading.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
                {
                    // The lease was lost mid-cycle: the next leader polls.
                    continue;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
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

    [LoggerMessage(LogLevel.Warning, "Reading the operations a restart interrupted failed; trying again at the next poll")]
    private partial void LogRecoveryFailed(Exception exception);

    [LoggerMessage(LogLevel.Warning, "Reading {Machine} directly failed; it is not treated as gone")]
    private partial void LogReadFailed(Exception exception, string machine);

    [LoggerMessage(LogLevel.Warning, "The database is slow to save the states shown; they stay queued and the poll goes on")]
    private partial void LogSaveWaiting();

    [LoggerMessage(LogLevel.Error, "A poll cycle failed; trying again at the next one")]
    private partial void LogCycleFailed(Exception exception);
}
