using Dashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Persistence;

/// <summary>What the cloud does not remember: sessions, machines' last known states, the action log and history.</summary>
public sealed partial class SessionStore(IDbContextFactory<DashboardDbContext> factory)
{
    // SQLite has one writer; serialising writes here keeps concurrent commands from tripping over each other.
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public async Task<List<Session>> LoadActiveSessionsAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Sessions.AsNoTracking().Include(s => s.Machines).Include(s => s.Schedule)
            .AsSplitQuery().Where(s => s.EndedAt == null).ToListAsync(cancellationToken);
    }

    public async Task<List<Formation>> GetFormationsAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var formations = await db.Formations.AsNoTracking().ToListAsync(cancellationToken);
        // Kinds are stored by name; sort in the order they are declared (pool, lab, big data, HPC), not alphabetically.
        return [.. formations.OrderBy(f => f.Kind).ThenBy(f => f.Name, StringComparer.Ordinal)];
    }

    public async Task<bool> IsNameTakenAsync(string sessionName, IEnumerable<string> machineNames, CancellationToken cancellationToken)
    {
        var names = machineNames.ToList();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Sessions.AnyAsync(s => s.Name == sessionName && s.EndedAt == null, cancellationToken)
            || await db.Machines.AnyAsync(m => names.Contains(m.Name), cancellationToken);
    }

    public Task AddSessionAsync(Session session, CancellationToken cancellationToken) => WriteAsync(db =>
    {
        db.Sessions.Add(session);
        return Task.CompletedTask;
    }, cancellationToken);

    public Task AdoptAsync(IReadOnlyList<Session> sessions, IReadOnlyList<Machine> machines, CancellationToken cancellationToken) =>
        WriteAsync(async db =>
        {
            // Tags come from outside: fit them to their columns, and never let a name clash fail every poll.
            var candidates = sessions.SelectMany(s => s.Machines).Concat(machines).ToList();
            foreach (var machine in candidates)
                FitToColumns(machine);
            var names = candidates.Select(m => m.Name).ToList();
            var taken = (await db.Machines.Where(m => names.Contains(m.Name)).Select(m => m.Name).ToListAsync(cancellationToken))
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var session in sessions)
            {
                session.Name = ColumnLimits.Fit(session.Name, ColumnLimits.SessionName);
                session.Owner = ColumnLimits.Fit(session.Owner, ColumnLimits.Person);
                session.Machines.RemoveAll(m => !taken.Add(m.Name));
                if (session.Machines.Count > 0)
                    db.Sessions.Add(session);
            }

            db.Machines.AddRange(machines.Where(m => taken.Add(m.Name)));
        }, cancellationToken);

    private static void FitToColumns(Machine machine)
    {
        machine.Name = ColumnLimits.Fit(machine.Name, ColumnLimits.MachineName);
        machine.Size = ColumnLimits.Fit(machine.Size, ColumnLimits.Size);
        machine.Image = ColumnLimits.Fit(machine.Image, ColumnLimits.Image);
        machine.CloudId = ColumnLimits.FitOrNull(machine.CloudId, ColumnLimits.CloudId);
        machine.LastError = ColumnLimits.FitOrNull(machine.LastError, ColumnLimits.Message);
    }

    public Task AddFormationsAsync(IEnumerable<Formation> formations, CancellationToken cancellationToken) => WriteAsync(db =>
    {
        db.Formations.AddRange(formations);
        return Task.CompletedTask;
    }, cancellationToken);

    /// <summary>Saves new machine states and their history in one transaction.</summary>
    public Task RecordStatesAsync(IReadOnlyList<StateChange> changes, IReadOnlyList<MachineView> machines, CancellationToken cancellationToken) =>
        WriteAsync(async db =>
        {
            var ids = machines.Select(m => m.Id).ToList();
            var rows = await db.Machines.Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);
            foreach (var machine in machines)
            {
                if (!rows.TryGetValue(machine.Id, out var row))
                    continue;
                row.State = machine.State;
                row.StateSince = machine.StateSince;
                row.LastError = ColumnLimits.FitOrNull(machine.LastError, ColumnLimits.Message);
            }

            foreach (var change in changes)
            {
                change.SessionName = ColumnLimits.Fit(change.SessionName, ColumnLimits.SessionName);
                change.MachineName = ColumnLimits.Fit(change.MachineName, ColumnLimits.MachineName);
            }

            db.StateChanges.AddRange(changes);
        }, cancellationToken);

    /// <summary>Removes a machine that no longer exists; ends its session when it was the last one.</summary>
    public Task RemoveMachinesAsync(IReadOnlyList<Guid> machineIds, IReadOnlyList<Guid> endedSessionIds, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async db =>
        {
            await db.Machines.Where(m => machineIds.Contains(m.Id)).ExecuteDeleteAsync(cancellationToken);
            await db.Sessions.Where(s => endedSessionIds.Contains(s.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), cancellationToken);
        }, cancellationToken);

    /// <summary>Who holds a machine (a student's e-mail), or nobody.</summary>
    public Task SetAssignmentAsync(Guid machineId, string? user, CancellationToken cancellationToken) => WriteAsync(db =>
        db.Machines.Where(m => m.Id == machineId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.AssignedUser, user), cancellationToken), cancellationToken);

    public Task SetStudentsMayStartStopAsync(Guid sessionId, bool allowed, CancellationToken cancellationToken) => WriteAsync(db =>
        db.Sessions.Where(s => s.Id == sessionId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.StudentsMayStartStop, allowed), cancellationToken), cancellationToken);

    public Task LogAsync(ActionLogEntry entry, CancellationToken cancellationToken) => WriteAsync(db =>
    {
        db.ActionLog.Add(entry);
        return Task.CompletedTask;
    }, cancellationToken);

    public async Task<List<ActionLogEntry>> RecentActionsAsync(int count, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.ActionLog.AsNoTracking().OrderByDescending(e => e.Id).Take(count).ToListAsync(cancellationToken);
    }

    public async Task<List<StateChange>> RecentStateChangesAsync(int count, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.StateChanges.AsNoTracking().OrderByDescending(e => e.Id).Take(count).ToListAsync(cancellationToken);
    }

    public async Task<List<StateChange>> RecentEvictionsAsync(int count, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.StateChanges.AsNoTracking().Where(c => c.Cause == StateChangeCause.Eviction)
            .OrderByDescending(c => c.Id).Take(count).ToListAsync(cancellationToken);
    }

    private async Task WriteAsync(Func<DashboardDbContext, Task> change, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            await change(db);
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }
    }
}
