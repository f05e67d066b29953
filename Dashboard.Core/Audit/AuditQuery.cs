using System.Runtime.CompilerServices;
using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Audit;

/// <summary>One page of audit entries, newest first, and how many entries match in all.</summary>
public sealed record AuditPage(IReadOnlyList<ActionLogEntry> Entries, int Total);

/// <summary>
/// Reads the audit trail for one person: the page and the CSV export both come through here, so both show exactly
/// what <see cref="AccessPolicy.CanReadAudit"/> allows. Text filters run in the database; the policy and the date
/// bounds run on the rows it returns, because SQLite cannot compare DateTimeOffset values.
/// </summary>
public sealed class AuditQuery(IDbContextFactory<DashboardDbContext> factory)
{
    public const int MaxPageSize = 200;

    public async Task<AuditPage> SearchAsync(Viewer viewer, AuditFilter filter, int skip, int take, CancellationToken cancellationToken)
    {
        skip = Math.Max(0, skip);
        take = Math.Clamp(take, 1, MaxPageSize);
        if (!AccessPolicy.CanOpenAudit(viewer))
            return new AuditPage([], 0);

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var scope = await ScopeAsync(db, viewer, cancellationToken);
        var query = Filtered(db, filter, viewer, scope);
        if (scope.All && !filter.HasDates)
        {
            // Admins and ops with no dates: the database counts and pages on its own.
            var total = await query.CountAsync(cancellationToken);
            return new AuditPage(await query.Skip(skip).Take(take).ToListAsync(cancellationToken), total);
        }

        var page = new List<ActionLogEntry>(take);
        var matched = 0;
        await foreach (var entry in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (!scope.MayRead(entry) || !InDates(filter, entry))
                continue;
            if (matched >= skip && page.Count < take)
                page.Add(entry);
            matched++;
        }

        return new AuditPage(page, matched);
    }

    /// <summary>Every matching entry, newest first, streamed (for the CSV export).</summary>
    public async IAsyncEnumerable<ActionLogEntry> ReadAllAsync(Viewer viewer, AuditFilter filter,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!AccessPolicy.CanOpenAudit(viewer))
            yield break;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var scope = await ScopeAsync(db, viewer, cancellationToken);
        await foreach (var entry in Filtered(db, filter, viewer, scope).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (scope.MayRead(entry) && InDates(filter, entry))
                yield return entry;
        }
    }

    /// <summary>The session names this person may filter on: every session (ended ones too) for admins and ops, their own for instructors.</summary>
    public async Task<IReadOnlyList<string>> SessionNamesAsync(Viewer viewer, CancellationToken cancellationToken)
    {
        if (!AccessPolicy.CanOpenAudit(viewer))
            return [];
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var scope = await ScopeAsync(db, viewer, cancellationToken);
        var names = scope.All
            ? await db.Sessions.AsNoTracking().Select(s => s.Name).Distinct().ToListAsync(cancellationToken)
            : [.. scope.OwnedNames];
        return [.. names.Order(StringComparer.Ordinal)];
    }

    private static async Task<AuditScope> ScopeAsync(DashboardDbContext db, Viewer viewer, CancellationToken cancellationToken)
    {
        if (viewer.IsAdmin || viewer.IsOps)
            return new AuditScope(viewer, All: true, []);
        // Few rows, and owners compare case-insensitively (Viewer.IsNamed): read them all and decide here.
        var sessions = await db.Sessions.AsNoTracking()
            .Select(s => new SessionSpan(s.Name, s.Owner, s.CreatedAt)).ToListAsync(cancellationToken);
        return new AuditScope(viewer, All: false, sessions);
    }

    private static IQueryable<ActionLogEntry> Filtered(DashboardDbContext db, AuditFilter filter, Viewer viewer, AuditScope scope)
    {
        var query = db.ActionLog.AsNoTracking();
        if (!scope.All)
        {
            // A superset of what the policy allows, narrowed exactly by AuditScope.MayRead afterwards.
            var owned = scope.OwnedNames.ToList();
            var (me, lower) = (viewer.Name, viewer.Name.ToLowerInvariant());
            query = query.Where(e => (e.SessionName != null && owned.Contains(e.SessionName)) || e.Actor == me || e.Actor.ToLower() == lower);
        }

        if (filter.Who is { } who)
        {
            var part = who.ToLowerInvariant();
            query = query.Where(e => e.Actor.ToLower().Contains(part));
        }

        if (filter.Action is { } action)
            query = query.Where(e => e.Action == action);
        if (filter.Session is { } session)
            query = query.Where(e => e.SessionName == session);
        if (filter.Machine is { } machine)
        {
            var part = machine.ToLowerInvariant();
            query = query.Where(e => e.MachineName != null && e.MachineName.ToLower().Contains(part));
        }

        if (filter.Outcome is { } outcome)
            query = query.Where(e => e.Outcome == outcome);
        // Ids grow as entries are written, so this is newest first without ordering by date.
        return query.OrderByDescending(e => e.Id);
    }

    private static bool InDates(AuditFilter filter, ActionLogEntry entry) =>
        (filter.From is not { } from || entry.At >= from) && (filter.To is not { } to || entry.At < to);

    private sealed record SessionSpan(string Name, string Owner, DateTimeOffset CreatedAt);

    /// <summary>Whose entries a person may read.</summary>
    private sealed record AuditScope(Viewer Viewer, bool All, IReadOnlyList<SessionSpan> Sessions)
    {
        public IReadOnlySet<string> OwnedNames { get; } =
            Sessions.Where(s => Viewer.IsNamed(s.Owner)).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

        public bool MayRead(ActionLogEntry entry)
        {
            if (!AccessPolicy.CanReadAudit(Viewer, entry, OwnedNames))
                return false;
            if (All || Viewer.IsNamed(entry.Actor))
                return true;
            // A name is free again once its session ended: an entry belongs to the session that bore the name then.
            var then = Sessions.Where(s => s.Name == entry.SessionName && s.CreatedAt <= entry.At)
                .MaxBy(s => s.CreatedAt);
            return then is not null && Viewer.IsNamed(then.Owner);
        }
    }
}
