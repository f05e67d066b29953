using Dashboard.Core.Actions;
using Dashboard.Core.Audit;
using Dashboard.Core.Costs;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Spot;

/// <summary>
/// Brings evicted Spot machines back where their session asks for it: restart (Deallocate) or recreate (Delete), with
/// back-off between attempts, a cooldown per size and region after a capacity failure, and a fall-back to regular
/// priority after N failed attempts or T minutes. Every step is audited (<see cref="AuditAction.RecoverSpot"/>) and
/// raised as a Spot event.
/// </summary>
public sealed partial class SpotRecoverer(
    SessionMonitor monitor,
    MachineCommands commands,
    SpotEvents events,
    AuditLog audit,
    CloudRegion region,
    Scaling.ILeadership leadership,
    IOptions<SpotRecoveryOptions> options,
    TimeProvider time,
    ILogger<SpotRecoverer> logger) : BackgroundService
{
    public const string Actor = "spot recovery";
    private static readonly Viewer Recovery = Viewer.For(Actor, Roles.Admin);

    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, RecoveryCase> _cases = [];
    private readonly Dictionary<string, DateTimeOffset> _cooldowns = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Task> _attempts = [];

    private SpotRecoveryOptions Options => options.Value;

    /// <summary>Machines being brought back now, with what was tried: the Spot page's "recovering".</summary>
    public IReadOnlyList<RecoveryStatus> Recovering
    {
        get
        {
            if (PeerViewIfFollower() is { } peer)
                return peer.Recovering;
            lock (_gate)
                return [.. _cases.Values.Select(c => c.Status)];
        }
    }

    /// <summary>Capacity cooldowns still running, per size and region.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Cooldowns
    {
        get
        {
            var now = time.GetUtcNow();
            if (PeerViewIfFollower() is { } peer)
                return peer.Cooldowns.Where(c => c.Value > now).ToDictionary(c => c.Key, c => c.Value);
            lock (_gate)
                return _cooldowns.Where(c => c.Value > now).ToDictionary(c => c.Key, c => c.Value);
        }
    }

    /// <summary>Until when a capacity cooldown holds this machine's size and region; null when none runs.</summary>
    public DateTimeOffset? CooldownUntil(MachineView machine) =>
        Cooldowns.TryGetValue(CooldownKey(machine), out var until) ? until : null;

    /// <summary>Completes when the attempts begun so far have ended (tests wait on it).</summary>
    public Task WhenAttemptsDoneAsync()
    {
        lock (_gate)
            return Task.WhenAll(_attempts.ToList());
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await monitor.WhenLoaded.WaitAsync(stoppingToken);
        var evictions = events.Subscribe();
        var scan = Task.Delay(TimeSpan.FromSeconds(Options.ScanSeconds), time, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Only the polling server recovers; the others would send the same restart twice.
                if (leadership.IsLeader)
                    ScanOnce();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogScanFailed(ex);
            }

            // An eviction wakes the scan at once; otherwise it runs every ScanSeconds (back-offs come due then).
            var evicted = evictions.WaitToReadAsync(stoppingToken).AsTask();
            if (await Task.WhenAny(evicted, scan) == scan)
                scan = Task.Delay(TimeSpan.FromSeconds(Options.ScanSeconds), time, stoppingToken);
            while (evictions.TryRead(out _))
            {
            }
        }
    }

    /// <summary>Looks at every session once and starts the attempts that are due.</summary>
    public void ScanOnce()
    {
        var now = time.GetUtcNow();
        foreach (var session in monitor.Sessions.Where(s => s.SpotRecovery.Mode != SpotRecovery.None))
        {
            foreach (var machine in session.Machines)
            {
                if (machine.IsBusy || !IsDown(machine))
                    continue;
                RecoveryCase? due;
                lock (_gate)
                {
                    if (!_cases.TryGetValue(machine.Id, out var existing))
                    {
                        // A failed machine is ours to retry only when our own recreation left it failed.
                        if (machine.State != MachineState.Evicted)
                            continue;
                        existing = new RecoveryCase(machine.Id, machine.Name, session.Name, machine.StateSince);
                        _cases[machine.Id] = existing;
                    }

                    // The Spot capacity cooldown holds Spot attempts only: a fall-back to regular priority goes ahead.
                    due = existing.Running || existing.NextAttemptAt > now
                        || (CooldownOf(machine) > now && !FallsBack(session, machine, existing, now)) ? null : existing;
                    if (due is not null)
                        due.Running = true;
                }

                if (due is not null)
                    Track(AttemptAsync(session, machine, due, now));
            }
        }

        ScanReturns(now);

        // Machines running again (or gone, or recovery switched off) close their case.
        lock (_gate)
        {
            foreach (var id in _cases.Keys.ToList())
            {
                var machine = monitor.FindMachine(id);
                var session = machine is null ? null : monitor.FindSession(machine.SessionId);
                if (!_cases[id].Running && (machine is null || !IsDown(machine) && !machine.IsBusy || session?.SpotRecovery.Mode == SpotRecovery.None))
                    _cases.Remove(id);
            }
        }

        NotifyIfChanged();
    }

    private async Task AttemptAsync(SessionView session, MachineView machine, RecoveryCase recovery, DateTimeOffset now)
    {
        try
        {
            var fallBack = FallsBack(session, machine, recovery, now);
            var priority = fallBack ? MachinePriority.Regular : machine.Priority;
            var method = machine.EvictionPolicy == EvictionPolicy.Deallocate ? "restart" : fallBack ? "recreate at regular priority" : "recreate on Spot";
            var attempt = recovery.Failures + 1;
            Raise(session, machine, SpotEventKind.RecoveryStarted, $"Attempt {attempt}: {method}.");
            var result = await commands.RecoverSpotAsync(machine.Id, priority, Recovery);
            var after = time.GetUtcNow();
            if (result.Succeeded)
            {
                var took = DescribeDuration(after - recovery.EvictedAt);
                recovery.Record(after, $"Attempt {attempt}: {method} succeeded, {took} after the eviction.");
                await audit.RecordAsync(Actor, AuditAction.RecoverSpot, ActionOutcome.Succeeded, session.Name, machine.Name,
                    $"Attempt {attempt}: {method} succeeded, {took} after the eviction.");
                // The case closes before the event goes out, so every page counting "recovering" sees it gone.
                lock (_gate)
                    _cases.Remove(machine.Id);
                Raise(session, machine, fallBack ? SpotEventKind.FellBackToRegular : SpotEventKind.Recovered,
                    fallBack ? $"Spot capacity kept failing: {machine.Name} runs at regular priority now ({took} after the eviction)."
                             : $"{machine.Name} runs again ({method}, {took} after the eviction).");
                return;
            }

            var capacity = result.Message.Contains("capacity", StringComparison.OrdinalIgnoreCase);
            string detail;
            lock (_gate)
            {
                recovery.Failures++;
                recovery.NextAttemptAt = after + Options.RetryAfter(recovery.Failures);
                if (capacity)
                    _cooldowns[CooldownKey(machine)] = after + TimeSpan.FromMinutes(Options.CapacityCooldownMinutes);
                detail = $"Attempt {attempt}: {method} failed: {result.Message} Next attempt after {recovery.NextAttemptAt.ToUniversalTime():HH:mm:ss} UTC" +
                    (capacity ? $"; no attempt for {machine.Size} in {region.Name} for {Options.CapacityCooldownMinutes:0.#} minutes." : ".");
                recovery.Record(after, detail);
            }

            await audit.RecordAsync(Actor, AuditAction.RecoverSpot, ActionOutcome.Failed, session.Name, machine.Name, detail);
            Raise(session, machine, SpotEventKind.RecoveryFailed, detail);
        }
        finally
        {
            lock (_gate)
                recovery.Running = false;
            NotifyIfChanged();
        }
    }

    /// <summary>Whether this attempt recreates the machine at regular priority (after N failures or T minutes evicted).</summary>
    private static bool FallsBack(SessionView session, MachineView machine, RecoveryCase recovery, DateTimeOffset now) =>
        machine.EvictionPolicy == EvictionPolicy.Delete && machine.IsSpot
        && (recovery.Failures >= session.SpotRecovery.FallbackAfterAttempts
            || (session.SpotRecovery.FallbackAfterMinutes is { } minutes && now - recovery.EvictedAt >= TimeSpan.FromMinutes(minutes)));

    private static bool IsDown(MachineView machine) => machine.State is MachineState.Evicted or MachineState.Failed;

    private string CooldownKey(MachineView machine) => $"{machine.Size}|{region.Name}";

    private DateTimeOffset CooldownOf(MachineView machine) => _cooldowns.GetValueOrDefault(CooldownKey(machine));

    private void Raise(SessionView session, MachineView machine, SpotEventKind kind, string detail) =>
        events.Raise(new SpotEvent(kind, session.Id, session.Name, session.Owner, machine.Id, machine.Name, machine.Size,
            machine.EvictionPolicy, time.GetUtcNow(), detail));

    private static string DescribeDuration(TimeSpan span) =>
        span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s" : $"{Math.Max(0, (int)span.TotalSeconds)} s";

    private void Track(Task attempt)
    {
        lock (_gate)
        {
            _attempts.RemoveAll(t => t.IsCompleted);
            _attempts.Add(attempt.ContinueWith(t =>
            {
                if (t.Exception is { } ex)
                    LogAttemptCrashed(ex.GetBaseException());
            }, TaskScheduler.Default));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spot recovery could not look at the sessions; trying again at the next scan")]
    private partial void LogScanFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "A Spot recovery attempt crashed")]
    private partial void LogAttemptCrashed(Exception ex);

    private sealed class RecoveryCase(Guid machineId, string machineName, string sessionName, DateTimeOffset evictedAt)
    {
        private readonly List<string> _steps = [];

        public DateTimeOffset EvictedAt { get; } = evictedAt;
        public int Failures { get; set; }
        public DateTimeOffset NextAttemptAt { get; set; }
        public bool Running { get; set; }

        public RecoveryStatus Status => new(machineId, machineName, sessionName, EvictedAt, Failures, NextAttemptAt, [.. _steps]);

        public void Record(DateTimeOffset at, string step) => _steps.Add($"{at.ToUniversalTime():HH:mm:ss} {step}");
    }
}

/// <summary>One machine being brought back: since when, how many attempts failed, when the next is due, what was tried.</summary>
public sealed record RecoveryStatus(Guid MachineId, string MachineName, string SessionName, DateTimeOffset EvictedAt, int Failures,
    DateTimeOffset NextAttemptAt, IReadOnlyList<string> Steps);
