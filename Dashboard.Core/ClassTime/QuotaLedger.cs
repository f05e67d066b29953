using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Core.ClassTime;

/// <summary>
/// Students' quota hours: a machine a student started themselves uses their hours while it runs outside class time;
/// starts by the schedule or the instructor use none. Counted in memory at every tick; an account is saved together
/// with its runs (when a run starts or ends, and at a grant), so the database always holds hours used up to each
/// run's saved mark and a restart counts on from there, never twice.
/// </summary>
public sealed partial class QuotaLedger(ClassTimeStore store, [FromKeyedServices(ClassClock.Key)] TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly Dictionary<(Guid Session, string User), QuotaAccount> _accounts = [];
    private readonly Dictionary<Guid, QuotaRun> _runs = [];
    private readonly Dictionary<(Guid Session, string User), HashSet<Guid>> _runsOf = [];
    private readonly HashSet<QuotaAccount> _dirtyAccounts = [];
    private readonly HashSet<Guid> _dirtyRuns = [];
    private readonly HashSet<Guid> _endedRuns = [];
    private volatile bool _loaded;

    public async Task EnsureLoadedAsync(CancellationToken cancellationToken = default)
    {
        if (_loaded)
            return;
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_loaded)
                return;
            var (accounts, runs) = await store.LoadQuotaAsync(cancellationToken);
            lock (_gate)
            {
                foreach (var account in accounts)
                    _accounts[(account.SessionId, account.UserId)] = account;
                foreach (var run in runs)
                    Track(run);
            }

            _loaded = true;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>A student's hours in a session, counting the run in progress up to now; null when the session has no quota.</summary>
    public QuotaStanding? StandingOf(SessionView session, string userId)
    {
        if (session.ClassTime.Settings.QuotaHoursPerStudent is not { } hours || userId.Length == 0)
            return null;
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            var account = _accounts.GetValueOrDefault((session.Id, userId));
            var running = _runsOf.TryGetValue((session.Id, userId), out var ids) ? ids.Select(id => _runs[id]).ToList() : [];
            var uncounted = running.Sum(r => UncountedHours(session, r, now));
            return new QuotaStanding(hours, account?.ExtraHours ?? 0, (account?.UsedHours ?? 0) + uncounted, running.Count > 0);
        }
    }

    /// <summary>Why this start may not go ahead (no hours left), or null. Only a student's own start outside class time uses hours.</summary>
    public string? RefuseStart(SessionView session, Viewer viewer)
    {
        // Class time uses no hours, so a start during it is never refused; hours count again once class ends.
        if (!UsesQuota(session, viewer) || ScheduleCalendar.IsClassTime(session.ClassTime.Settings.Rules, clock.GetUtcNow()))
            return null;
        var standing = StandingOf(session, viewer.UserId);
        return standing is { HasHoursLeft: false }
            ? $"You have used all {standing.TotalHours:0.#} hours of your quota in {session.Name}. Your instructor can grant more; class time does not count."
            : null;
    }

    /// <summary>Whether a start by this person counts against their quota: a student's own start, outside class time.</summary>
    public bool UsesQuota(SessionView session, Viewer viewer) =>
        session.ClassTime.Settings.QuotaHoursPerStudent is not null
        && viewer.IsStudent && !viewer.IsAdmin && !(viewer.IsInstructor && viewer.IsNamed(session.Owner))
        && viewer.UserId.Length > 0;

    /// <summary>From now on the machine uses its student's hours while it runs outside class time.</summary>
    public void OpenRun(SessionView session, MachineView machine, string userId)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (_runs.ContainsKey(machine.Id))
                return;
            var run = new QuotaRun { MachineId = machine.Id, SessionId = session.Id, UserId = userId, StartedAt = now, CountedUntil = now };
            Track(run);
            _dirtyRuns.Add(machine.Id);
            _endedRuns.Remove(machine.Id);
            Tell([], [Clone(run)], []);
        }
    }

    /// <summary>Ends a run whose start failed: nothing ran, nothing is counted.</summary>
    public void CancelRun(Guid machineId)
    {
        lock (_gate)
        {
            if (Untrack(machineId))
            {
                _endedRuns.Add(machineId);
                Tell([], [], [machineId]);
            }
        }
    }

    /// <summary>The quota run a machine is on, if any (its start is the occurrence of its quota stop).</summary>
    public QuotaRun? RunOf(Guid machineId)
    {
        lock (_gate)
            return _runs.GetValueOrDefault(machineId);
    }

    /// <summary>
    /// Counts every run's hours up to now (outside class windows), ends the runs of machines that no longer run,
    /// and saves what changed.
    /// </summary>
    public async Task CountAsync(IReadOnlyDictionary<Guid, SessionView> sessions, Func<Guid, MachineView?> findMachine, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken);
        var now = clock.GetUtcNow();
        List<QuotaAccount> accounts;
        List<QuotaRun> runs;
        List<Guid> ended;
        lock (_gate)
        {
            foreach (var run in _runs.Values.ToList())
            {
                var machine = findMachine(run.MachineId);
                var session = sessions.GetValueOrDefault(run.SessionId);
                if (machine is null || session is null)
                {
                    Untrack(run.MachineId);
                    _endedRuns.Add(run.MachineId);
                    continue;
                }

                var runningNow = machine.State is MachineState.Running or MachineState.Starting || machine.Operation?.Name == nameof(MachineAction.Start);
                // A machine that stopped ran until its state changed; one still running, until now.
                var until = runningNow ? now : Max(machine.StateSince, run.CountedUntil);
                var hours = ScheduleCalendar.OutsideClass(session.ClassTime.Settings.Rules, run.CountedUntil, until).TotalHours;
                var account = AccountOf(session.Id, run.UserId, machine.AssignedUser);
                if (hours > 0)
                {
                    account.UsedHours += hours;
                    run.CountedUntil = until;
                }

                if (!runningNow)
                {
                    // Saved now, the account and the end of its run: no other write moves hours on.
                    Untrack(run.MachineId);
                    _endedRuns.Add(run.MachineId);
                    _dirtyAccounts.Add(account);
                }
            }

            (accounts, runs, ended) = TakeChanges();
        }

        await store.SaveQuotaAsync(accounts, runs, ended, cancellationToken);
    }

    /// <summary>What to save: changed accounts with every run of theirs (hours and marks agree), new runs and ended ones.</summary>
    private (List<QuotaAccount> Accounts, List<QuotaRun> Runs, List<Guid> Ended) TakeChanges()
    {
        var runIds = new HashSet<Guid>(_dirtyRuns.Where(_runs.ContainsKey));
        foreach (var account in _dirtyAccounts)
        {
            if (_runsOf.TryGetValue((account.SessionId, account.UserId), out var ids))
                runIds.UnionWith(ids);
        }

        List<QuotaAccount> accounts = [.. _dirtyAccounts.Select(Clone)];
        List<QuotaRun> runs = [.. runIds.Select(id => Clone(_runs[id]))];
        List<Guid> ended = [.. _endedRuns];
        _dirtyAccounts.Clear();
        _dirtyRuns.Clear();
        _endedRuns.Clear();
        Tell(accounts, runs, ended);
        return (accounts, runs, ended);
    }

    private void Track(QuotaRun run)
    {
        _runs[run.MachineId] = run;
        var key = (run.SessionId, run.UserId);
        if (!_runsOf.TryGetValue(key, out var ids))
            _runsOf[key] = ids = [];
        ids.Add(run.MachineId);
    }

    private bool Untrack(Guid machineId)
    {
        if (!_runs.Remove(machineId, out var run))
            return false;
        if (_runsOf.TryGetValue((run.SessionId, run.UserId), out var ids) && ids.Remove(machineId) && ids.Count == 0)
            _runsOf.Remove((run.SessionId, run.UserId));
        return true;
    }

    /// <summary>Hours used, granted and left per student holding a machine in the session.</summary>
    public IReadOnlyList<QuotaUsage> UsageOf(SessionView session)
    {
        var students = session.Machines.Where(m => m.AssignedUserId is not null)
            .GroupBy(m => m.AssignedUserId!).Select(g => (UserId: g.Key, Email: g.First().AssignedUser ?? g.Key));
        return [.. students.Select(s => new QuotaUsage(s.UserId, s.Email, StandingOf(session, s.UserId)!)).OrderBy(u => u.Email, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Gives extra hours to one student, or to every student holding a machine (userId null).</summary>
    public async Task<int> GrantAsync(SessionView session, string? userId, double hours, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken);
        var targets = session.Machines.Where(m => m.AssignedUserId is not null && (userId is null || m.AssignedUserId == userId))
            .GroupBy(m => m.AssignedUserId!).Select(g => (UserId: g.Key, Email: g.First().AssignedUser)).ToList();
        List<QuotaAccount> accounts;
        List<QuotaRun> runs;
        List<Guid> ended;
        lock (_gate)
        {
            foreach (var (id, email) in targets)
            {
                var account = AccountOf(session.Id, id, email);
                account.ExtraHours += hours;
                _dirtyAccounts.Add(account);
            }
            (accounts, runs, ended) = TakeChanges();
        }

        await store.SaveQuotaAsync(accounts, runs, ended, cancellationToken);
        return targets.Count;
    }

    private double UncountedHours(SessionView session, QuotaRun run, DateTimeOffset now) =>
        ScheduleCalendar.OutsideClass(session.ClassTime.Settings.Rules, run.CountedUntil, now).TotalHours;

    private QuotaAccount AccountOf(Guid sessionId, string userId, string? email)
    {
        if (!_accounts.TryGetValue((sessionId, userId), out var account))
        {
            account = new QuotaAccount { SessionId = sessionId, UserId = userId, Email = email };
            _accounts[(sessionId, userId)] = account;
        }

        return account;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static QuotaAccount Clone(QuotaAccount a) => new()
    {
        Id = a.Id, SessionId = a.SessionId, UserId = a.UserId, Email = a.Email, UsedHours = a.UsedHours, ExtraHours = a.ExtraHours,
    };

    private static QuotaRun Clone(QuotaRun r) => new()
    {
        MachineId = r.MachineId, SessionId = r.SessionId, UserId = r.UserId, StartedAt = r.StartedAt, CountedUntil = r.CountedUntil,
    };
}

/// <summary>A student's quota in one session, in hours.</summary>
public sealed record QuotaStanding(double QuotaHours, double ExtraHours, double UsedHours, bool Running)
{
    public double TotalHours => QuotaHours + ExtraHours;
    public double LeftHours => Math.Max(0, TotalHours - UsedHours);

    /// <summary>More than a second left: sums of many short counts are never exactly zero.</summary>
    public bool HasHoursLeft => LeftHours > 1.0 / 3600;
}

public sealed record QuotaUsage(string UserId, string Email, QuotaStanding Standing);
