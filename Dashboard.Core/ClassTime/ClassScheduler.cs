using System.Collections.Immutable;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.ClassTime;

/// <summary>
/// Runs class time at every tick: scheduled starts, the plan of coming automatic stops (schedule, running-time limit,
/// quota, budget), their warnings at 30, 10 and 2 minutes, and the stops themselves. Planned stops are saved before their first
/// warning, so a restart in a countdown keeps its time, postponements and the warnings already given.
/// </summary>
public sealed partial class ClassScheduler(
    SessionMonitor monitor,
    ClassTimeStore store,
    QuotaLedger quota,
    StopWarningMails mails,
    ScheduledRuns runs,
    Budgets.BudgetStopForecast budgets,
    Scaling.ILeadership leadership,
    IOptions<ClassTimeOptions> options,
    [FromKeyedServices(ClassClock.Key)] TimeProvider clock,
    ILogger<ClassScheduler> logger) : BackgroundService
{
    private readonly SemaphoreSlim _tick = new(1, 1);
    private readonly Dictionary<(Guid Machine, StopReason Reason, DateTimeOffset At), PlannedStop> _open = [];
    private readonly HashSet<PlannedStop> _moved = [];
    private DateTimeOffset _lastTick;
    private bool _loaded;

    private ClassTimeOptions Options => options.Value;

    private TimeSpan Retention => TimeSpan.FromMinutes(Options.StartGraceMinutes) + Options.Horizon + TimeSpan.FromHours(1);

    /// <summary>Completes when the scheduled starts and stops begun so far have ended (tests and the benchmark wait on it).</summary>
    public Task WhenRunsDoneAsync() => runs.WhenDoneAsync();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await monitor.WhenLoaded.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // One server runs class time; the others show what it plans. A new leader reads the plan afresh.
                if (leadership.IsLeader)
                    await TickAsync(stoppingToken);
                else
                    _loaded = false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A tick that failed (the database away, say) is tried again at the next one; nothing is lost in memory.
                LogTickFailed(ex);
            }

            await Task.Delay(Options.Tick, clock, stoppingToken);
        }
    }

    /// <summary>One evaluation of every session's class time, at the class clock's now.</summary>
    public async Task TickAsync(CancellationToken cancellationToken = default)
    {
        await _tick.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow();
            if (!_loaded)
            {
                foreach (var stop in await store.LoadOpenStopsAsync(cancellationToken))
                    _open[(stop.MachineId, stop.Reason, stop.PlannedAt)] = stop;
                await LoadBudgetStopsAsync(now, cancellationToken);
                _lastTick = now - TimeSpan.FromMinutes(Options.StartGraceMinutes);
                _loaded = true;
            }

            var from = _lastTick;
            _lastTick = now;
            var sessions = monitor.Sessions.ToDictionary(s => s.Id);
            await quota.CountAsync(sessions, monitor.FindMachine, cancellationToken);

            var added = new List<PlannedStop>();
            // Whether class is on, once per session and tick: quota hours and quota stops both ask.
            var classNow = sessions.Values.Where(s => !s.ClassTime.Settings.Rules.IsEmpty)
                .Where(s => ScheduleCalendar.IsClassTime(s.ClassTime.Settings.Rules, now)).Select(s => s.Id).ToHashSet();
            foreach (var session in sessions.Values.Where(s => s.ClassTime.Settings.IsActive))
            {
                StartIfScheduled(session, from, now);
                added.AddRange(Plan(session, now, classNow.Contains(session.Id)));
            }

            foreach (var sessionId in budgets.Sessions)
            {
                if (sessions.TryGetValue(sessionId, out var session))
                    added.AddRange(PlanBudgetStops(session, now));
            }

            // A stop recorded already (by an earlier run of the dashboard) is taken as recorded: never planned twice.
            foreach (var recorded in await store.FindRecordedAsync(added, cancellationToken))
            {
                _open[(recorded.MachineId, recorded.Reason, recorded.PlannedAt)] = recorded;
                added.RemoveAll(a => a.MachineId == recorded.MachineId && a.Reason == recorded.Reason && a.PlannedAt == recorded.PlannedAt);
            }

            var (changed, due, warned) = Evaluate(sessions, now, classNow);
            await store.SaveStopsAsync(added, changed, cancellationToken);
            _moved.Clear();
            foreach (var session in sessions.Values)
                monitor.ShowCountdowns(session.Id, CountdownsOf(session.Id, now));
            foreach (var group in warned.GroupBy(w => w.Stop.SessionId))
                runs.Track(mails.SendAsync(sessions[group.Key], [.. group], now));
            // Stops the cloud failed before are tried again first; a stop failing now waits for the next tick.
            foreach (var (sessionId, retries) in runs.TakeStopRetries(monitor.FindMachine))
            {
                if (sessions.TryGetValue(sessionId, out var session))
                    runs.Track(runs.TryStopsAsync(session, retries, now));
            }

            foreach (var group in due.GroupBy(d => d.Stop.SessionId))
                runs.Track(runs.StopAsync(sessions[group.Key], [.. group], now));
            // Ended stops stay known for a while, so the occurrence they ended is not planned again.
            foreach (var key in _open.Where(o => o.Value.DoneAt < now - Retention).Select(o => o.Key).ToList())
                _open.Remove(key);
            ForgetEndedBudgetStops(now);
        }
        finally
        {
            _tick.Release();
        }
    }

    /// <summary>Pushes a machine's (or, with machineId null, every machine's) coming stop back, or skips it.</summary>
    internal async Task<int> ChangeAsync(Guid sessionId, Guid? machineId, TimeSpan? postpone, string actor, Func<StopReason, bool> mayChange)
    {
        await _tick.WaitAsync();
        try
        {
            var now = clock.GetUtcNow();
            var targets = _open.Values.Where(s => s.SessionId == sessionId && IsShown(s, now)
                && s.Reason != StopReason.Quota && mayChange(s.Reason) && (machineId is null || s.MachineId == machineId)).ToList();
            foreach (var stop in targets)
            {
                if (postpone is { } by)
                {
                    stop.DueAt += by;
                    // The warnings start again for the new time.
                    stop.WarnedAtMinutes = null;
                }
                else
                {
                    stop.Skipped = true;
                }

                stop.ChangedBy = actor;
            }

            await store.SaveStopsAsync([], targets, CancellationToken.None);
            monitor.ShowCountdowns(sessionId, CountdownsOf(sessionId, now));
            return targets.Count;
        }
        finally
        {
            _tick.Release();
        }
    }

    private void StartIfScheduled(SessionView session, DateTimeOffset from, DateTimeOffset now)
    {
        var starts = ScheduleCalendar.Starts(session.ClassTime.Settings.Rules, from, now).ToList();
        if (starts.Count == 0)
            return;
        var at = starts[^1];
        if (now - at > TimeSpan.FromMinutes(Options.StartGraceMinutes))
            return;
        runs.Track(runs.StartAsync(session, at));
    }

    /// <summary>Plans the stops that fall within the warning horizon for every running machine.</summary>
    private List<PlannedStop> Plan(SessionView session, DateTimeOffset now, bool classNow)
    {
        var settings = session.ClassTime.Settings;
        var horizon = now + Options.Horizon;
        var grace = TimeSpan.FromMinutes(Options.StartGraceMinutes);
        var scheduleStops = ScheduleCalendar.Stops(settings.Rules, now - grace, horizon).ToList();
        var added = new List<PlannedStop>();
        var openQuotaStops = _open.Values.Where(o => o.SessionId == session.Id && o.Reason == StopReason.Quota && o.DoneAt is null)
            .ToDictionary(o => o.MachineId);
        foreach (var machine in session.Machines)
        {
            if (machine.State is not (MachineState.Running or MachineState.Starting))
                continue;
            // A machine started after a stop time is not stopped by it.
            foreach (var at in scheduleStops.Where(t => machine.StateSince < t || t > now))
                Add(machine, StopReason.Schedule, at, at);
            if (settings.AutoStopAfterHours is { } limit && machine.State == MachineState.Running)
            {
                var at = machine.StateSince + TimeSpan.FromHours(limit);
                if (at <= horizon && at > now - grace)
                    Add(machine, StopReason.AutoStop, at, at);
            }

            if (quota.RunOf(machine.Id) is { } run && !classNow
                && quota.StandingOf(session, run.UserId) is { } standing
                && now + TimeSpan.FromHours(standing.LeftHours) <= horizon)
            {
                // Hours run out at a moment that moves with class windows and grants: the open stop follows it.
                var due = now + TimeSpan.FromHours(standing.LeftHours);
                // Saved only when it really moved (class began, hours granted), not for every tick's rounding.
                if (openQuotaStops.TryGetValue(machine.Id, out var existing))
                {
                    if ((existing.DueAt - due).Duration() > TimeSpan.FromSeconds(1))
                    {
                        existing.DueAt = due;
                        _moved.Add(existing);
                    }
                }
                else
                    Add(machine, StopReason.Quota, new DateTimeOffset(due.UtcTicks - due.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero), due);
            }
        }

        return added;

        void Add(MachineView machine, StopReason reason, DateTimeOffset plannedAt, DateTimeOffset dueAt)
        {
            var key = (machine.Id, reason, plannedAt);
            if (_open.ContainsKey(key))
                return;
            var stop = new PlannedStop { SessionId = session.Id, MachineId = machine.Id, Reason = reason, PlannedAt = plannedAt, DueAt = dueAt };
            _open[key] = stop;
            added.Add(stop);
        }
    }

    /// <summary>Decides for every open stop: moot, due, warned now, or waiting.</summary>
    private (List<PlannedStop> Changed, List<(MachineView Machine, PlannedStop Stop)> Due, List<(MachineView Machine, PlannedStop Stop)> Warned)
        Evaluate(IReadOnlyDictionary<Guid, SessionView> sessions, DateTimeOffset now, IReadOnlySet<Guid> classNow)
    {
        var changed = new List<PlannedStop>();
        var due = new List<(MachineView, PlannedStop)>();
        var warned = new List<(MachineView, PlannedStop)>();
        foreach (var stop in _open.Values.Where(s => s.DoneAt is null))
        {
            var machine = monitor.FindMachine(stop.MachineId);
            if (machine is null || !sessions.ContainsKey(stop.SessionId) || IsMoot(stop, machine, sessions[stop.SessionId], classNow.Contains(stop.SessionId), now))
            {
                stop.DoneAt = now;
                changed.Add(stop);
                continue;
            }

            if (stop.DueAt <= now)
            {
                stop.DoneAt = now;
                changed.Add(stop);
                if (!stop.Skipped)
                    due.Add((machine, stop));
                continue;
            }

            if (stop.Skipped)
                continue;
            var level = WarningLevel(stop.DueAt - now);
            if (level is { } minutes && (stop.WarnedAtMinutes is null || minutes < stop.WarnedAtMinutes))
            {
                stop.WarnedAtMinutes = minutes;
                changed.Add(stop);
                warned.Add((machine, stop));
            }
            else if (_moved.Contains(stop))
            {
                changed.Add(stop);
            }
        }

        return (changed, due, warned);
    }

    private bool IsMoot(PlannedStop stop, MachineView machine, SessionView session, bool classNow, DateTimeOffset now)
    {
        if (machine.State is not (MachineState.Running or MachineState.Starting))
            return true;
        return stop.Reason switch
        {
            // Started again after the stop was planned: this run is not the one the limit or the schedule meant.
            StopReason.AutoStop => session.ClassTime.Settings.AutoStopAfterHours is not { } limit
                || machine.StateSince + TimeSpan.FromHours(limit) != stop.PlannedAt,
            // Started after the stop time, or the rule that made this stop was changed or removed meanwhile.
            StopReason.Schedule => (machine.StateSince > stop.PlannedAt && machine.State == MachineState.Running)
                || !ScheduleCalendar.Stops(session.ClassTime.Settings.Rules, stop.PlannedAt.AddSeconds(-1), stop.PlannedAt.AddSeconds(1)).Contains(stop.PlannedAt),
            StopReason.Budget => IsBudgetStopMoot(stop, session, now),
            // More hours granted, class time began, or the run ended.
            _ => quota.RunOf(machine.Id) is not { } run
                || (quota.StandingOf(session, run.UserId) is { } s && TimeSpan.FromHours(s.LeftHours) > Options.Horizon)
                || classNow,
        };
    }

    /// <summary>The warning a stop this far away gets: the smallest threshold it is within, or none yet.</summary>
    private int? WarningLevel(TimeSpan left)
    {
        int? level = null;
        foreach (var minutes in Options.WarningMinutes)
        {
            if (left <= TimeSpan.FromMinutes(minutes) && (level is null || minutes < level))
                level = minutes;
        }

        return level;
    }

    /// <summary>A countdown shows from its first warning, and a postponed one until it ends, so everyone sees the new time.</summary>
    private bool IsShown(PlannedStop stop, DateTimeOffset now) =>
        stop.DoneAt is null && !stop.Skipped
        && ((stop.WarnedAtMinutes is not null && stop.DueAt - now <= Options.Horizon) || stop.ChangedBy is not null);

    private ImmutableArray<Countdown> CountdownsOf(Guid sessionId, DateTimeOffset now) =>
    [
        .. _open.Values
            .Where(s => s.SessionId == sessionId && IsShown(s, now))
            .GroupBy(s => s.MachineId).Select(g => g.MinBy(s => s.DueAt)!)
            .OrderBy(s => s.DueAt).ThenBy(s => s.MachineId)
            .Select(s => new Countdown(s.MachineId, s.Reason, s.DueAt, s.ChangedBy)),
    ];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Class time could not be evaluated; trying again at the next tick")]
    private partial void LogTickFailed(Exception ex);
}
