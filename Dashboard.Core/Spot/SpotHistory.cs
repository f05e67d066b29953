using Dashboard.Core.Domain;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Spot;

/// <summary>
/// Recent evictions with what followed each: the recovery steps recorded for that machine and, once it ran again, how
/// long that took. Read from the state history and the audit trail, so it survives restarts.
/// </summary>
public sealed class SpotHistory(IDbContextFactory<DashboardDbContext> factory)
{
    private const int StepsRead = 2000;

    public async Task<IReadOnlyList<EvictionRecord>> RecentAsync(int count, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var evictions = await db.StateChanges.AsNoTracking().Where(c => c.Cause == StateChangeCause.Eviction)
            .OrderByDescending(c => c.Id).Take(count).ToListAsync(cancellationToken);
        if (evictions.Count == 0)
            return [];
        var machineIds = evictions.Select(e => e.MachineId).Distinct().ToList();
        var names = evictions.Select(e => e.MachineName).Distinct().ToList();
        var firstId = evictions.Min(e => e.Id);
        var runs = await db.StateChanges.AsNoTracking()
            .Where(c => c.Id > firstId && machineIds.Contains(c.MachineId) && (c.To == MachineState.Running || c.Cause == StateChangeCause.Eviction))
            .OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var steps = await db.ActionLog.AsNoTracking()
            .Where(e => e.Action == AuditAction.RecoverSpot && e.MachineName != null && names.Contains(e.MachineName))
            .OrderByDescending(e => e.Id).Take(StepsRead).ToListAsync(cancellationToken);

        return [.. evictions.Select(eviction =>
        {
            // What followed this eviction: up to the machine's next one.
            var next = runs.FirstOrDefault(r => r.MachineId == eviction.MachineId && r.Id > eviction.Id && r.Cause == StateChangeCause.Eviction);
            var until = next?.At ?? DateTimeOffset.MaxValue;
            var running = runs.FirstOrDefault(r => r.MachineId == eviction.MachineId && r.Id > eviction.Id && r.To == MachineState.Running
                && (next is null || r.Id < next.Id));
            var tried = steps.Where(s => s.MachineName == eviction.MachineName && s.SessionName == eviction.SessionName && s.At >= eviction.At && s.At < until)
                .OrderBy(s => s.Id).Select(s => s.Error ?? s.Outcome.ToString()).ToList();
            return new EvictionRecord(eviction.At, eviction.SessionName, eviction.MachineName, eviction.EvictionPolicy, eviction.From,
                tried, running is null ? null : running.At - eviction.At);
        })];
    }
}

/// <summary>One eviction: when, where, under which policy, what was tried since, and how long until the machine ran again.</summary>
public sealed record EvictionRecord(
    DateTimeOffset At,
    string SessionName,
    string MachineName,
    EvictionPolicy? Policy,
    MachineState From,
    IReadOnlyList<string> Tried,
    TimeSpan? RecoveredAfter);
