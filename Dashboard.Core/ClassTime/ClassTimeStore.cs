using Dashboard.Core.Domain;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.ClassTime;

/// <summary>Class time's rows: schedules and settings, planned stops, quota accounts and runs.</summary>
public sealed class ClassTimeStore(IDbContextFactory<DashboardDbContext> factory)
{
    public async Task SaveSettingsAsync(Guid sessionId, ClassTimeSettings settings, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var session = await db.Sessions.Include(s => s.Schedule).FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken)
            ?? throw new InvalidOperationException("That session no longer exists.");
        db.ScheduleRules.RemoveRange(session.Schedule);
        db.ScheduleRules.AddRange(settings.Rules.Select(r => r.ToEntity(sessionId)));
        session.AutoStopAfterHours = settings.AutoStopAfterHours;
        session.QuotaHoursPerStudent = settings.QuotaHoursPerStudent;
        session.StudentsMayPostpone = settings.StudentsMayPostpone;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task SetProblemAsync(Guid sessionId, string? problem, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var fitted = ColumnLimits.FitOrNull(problem, ColumnLimits.Message);
        await db.Sessions.Where(s => s.Id == sessionId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ScheduleProblem, fitted), cancellationToken);
    }

    public async Task<List<PlannedStop>> LoadOpenStopsAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.PlannedStops.AsNoTracking().Where(p => p.DoneAt == null).ToListAsync(cancellationToken);
    }

    /// <summary>Budget stops skipped since the month began: a skip holds for the rest of the month, also after a restart.</summary>
    public async Task<List<PlannedStop>> LoadSkippedBudgetStopsAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var skipped = await db.PlannedStops.AsNoTracking().Where(p => p.Reason == StopReason.Budget && p.Skipped).ToListAsync(cancellationToken);
        // Compared here: SQLite stores the times as text, which orders only when every offset is the same.
        return [.. skipped.Where(p => p.PlannedAt >= since)];
    }

    /// <summary>The stops among these whose occurrence is recorded already (by an earlier run of the dashboard).</summary>
    public async Task<List<PlannedStop>> FindRecordedAsync(IReadOnlyCollection<PlannedStop> planned, CancellationToken cancellationToken)
    {
        if (planned.Count == 0)
            return [];
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var machineIds = planned.Select(a => a.MachineId).Distinct().ToList();
        var reasons = planned.Select(a => a.Reason).Distinct().ToList();
        var keys = planned.Select(a => (a.MachineId, a.Reason, a.PlannedAt)).ToHashSet();
        return (await db.PlannedStops.AsNoTracking().Where(p => machineIds.Contains(p.MachineId) && reasons.Contains(p.Reason))
                .ToListAsync(cancellationToken))
            .Where(p => keys.Contains((p.MachineId, p.Reason, p.PlannedAt))).ToList();
    }

    /// <summary>
    /// Adds new stops and saves changed ones in one transaction. Changes come in bursts that agree (500 machines warned
    /// at the same minute), so each set of equal values is one update, not one per stop.
    /// </summary>
    public async Task SaveStopsAsync(IReadOnlyCollection<PlannedStop> added, IReadOnlyCollection<PlannedStop> changed, CancellationToken cancellationToken)
    {
        var updates = changed.Except(added).ToList();
        if (added.Count == 0 && updates.Count == 0)
            return;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.PlannedStops.AddRange(added.Select(Copy));
        await db.SaveChangesAsync(cancellationToken);
        foreach (var group in updates.GroupBy(u => (u.DueAt, u.WarnedAtMinutes, u.Skipped, ChangedBy: ColumnLimits.FitOrNull(u.ChangedBy, ColumnLimits.Person), u.DoneAt)))
        {
            var ids = group.Select(g => g.Id).ToList();
            var v = group.Key;
            await db.PlannedStops.Where(p => ids.Contains(p.Id)).ExecuteUpdateAsync(set => set
                .SetProperty(p => p.DueAt, v.DueAt)
                .SetProperty(p => p.WarnedAtMinutes, v.WarnedAtMinutes)
                .SetProperty(p => p.Skipped, v.Skipped)
                .SetProperty(p => p.ChangedBy, v.ChangedBy)
                .SetProperty(p => p.DoneAt, v.DoneAt), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<(List<QuotaAccount> Accounts, List<QuotaRun> Runs)> LoadQuotaAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return (await db.QuotaAccounts.AsNoTracking().ToListAsync(cancellationToken),
            await db.QuotaRuns.AsNoTracking().ToListAsync(cancellationToken));
    }

    /// <summary>Saves accounts and runs as they are now, and removes ended runs, in one transaction.</summary>
    public async Task SaveQuotaAsync(IReadOnlyCollection<QuotaAccount> accounts, IReadOnlyCollection<QuotaRun> runs,
        IReadOnlyCollection<Guid> endedRuns, CancellationToken cancellationToken)
    {
        if (accounts.Count == 0 && runs.Count == 0 && endedRuns.Count == 0)
            return;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var accountIds = accounts.Select(a => a.Id).ToList();
        var knownAccounts = await db.QuotaAccounts.Where(a => accountIds.Contains(a.Id)).Select(a => a.Id).ToListAsync(cancellationToken);
        foreach (var account in accounts)
        {
            var copy = new QuotaAccount
            {
                Id = account.Id, SessionId = account.SessionId, UserId = account.UserId, Email = account.Email,
                UsedHours = account.UsedHours, ExtraHours = account.ExtraHours,
            };
            if (knownAccounts.Contains(account.Id))
                db.QuotaAccounts.Update(copy);
            else
                db.QuotaAccounts.Add(copy);
        }

        var runIds = runs.Select(r => r.MachineId).Concat(endedRuns).ToList();
        var knownRuns = await db.QuotaRuns.Where(r => runIds.Contains(r.MachineId)).ToDictionaryAsync(r => r.MachineId, cancellationToken);
        foreach (var run in runs)
        {
            if (knownRuns.TryGetValue(run.MachineId, out var row))
            {
                row.CountedUntil = run.CountedUntil;
                row.StartedAt = run.StartedAt;
                row.UserId = run.UserId;
            }
            else
            {
                db.QuotaRuns.Add(new QuotaRun
                {
                    MachineId = run.MachineId, SessionId = run.SessionId, UserId = run.UserId,
                    StartedAt = run.StartedAt, CountedUntil = run.CountedUntil,
                });
            }
        }

        foreach (var ended in endedRuns.Where(id => runs.All(r => r.MachineId != id)))
        {
            if (knownRuns.TryGetValue(ended, out var row))
                db.QuotaRuns.Remove(row);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static PlannedStop Copy(PlannedStop p) => new()
    {
        Id = p.Id, SessionId = p.SessionId, MachineId = p.MachineId, Reason = p.Reason, PlannedAt = p.PlannedAt, DueAt = p.DueAt,
        WarnedAtMinutes = p.WarnedAtMinutes, Skipped = p.Skipped, ChangedBy = ColumnLimits.FitOrNull(p.ChangedBy, ColumnLimits.Person),
        DoneAt = p.DoneAt,
    };
}
