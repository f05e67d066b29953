using Dashboard.Core.Persistence;
using Dashboard.Core.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Spot.Alerts;

/// <summary>One notification as a person's bell lists it.</summary>
public sealed record NotificationView(long Number, SpotEventKind Kind, bool IsAlert, bool IsUnread, string SessionName,
    string MachineName, string Size, string? Policy, DateTimeOffset At, string Detail);

/// <summary>
/// The bell's data: who receives which notification, unread counts and read marks. Authorization is here, not in
/// the page: ops and admins receive every notification, an instructor those of the sessions they own, nobody else any.
/// </summary>
public sealed class SpotNotifications(IDbContextFactory<DashboardDbContext> factory, IOptions<AlertOptions> options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private long _saves;

    /// <summary>Raised (off the render thread) after new notifications were saved, a mark moved or the webhook's health changed.</summary>
    public event Action? Changed;

    /// <summary>Raised with <see cref="Changed"/> for changes made on this server, which peers are told of.</summary>
    internal event Action? ChangedHere;

    /// <summary>A peer server saved or marked notifications: bells here count again.</summary>
    internal void ShowPeerChange() => Changed?.Invoke();

    private void Notify()
    {
        Changed?.Invoke();
        ChangedHere?.Invoke();
    }

    /// <summary>How many saves wrote notifications since start: a burst of events is a few saves, not one per event.</summary>
    public long Saves => Interlocked.Read(ref _saves);

    /// <summary>Since when the webhook fails, and why; null while it works (or has none).</summary>
    public WebhookProblem? WebhookProblem { get; private set; }

    public static bool ReceivesAny(Viewer viewer) => viewer.IsAdmin || viewer.IsOps || (viewer.IsInstructor && viewer.Name.Length > 0);

    public async Task<int> UnreadCountAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        if (!ReceivesAny(viewer))
            return 0;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var readUpTo = await ReadUpToAsync(db, viewer, cancellationToken);
        return await Visible(db, viewer).CountAsync(n => n.IsAlert && n.Number > readUpTo, cancellationToken);
    }

    /// <summary>The newest notifications this person receives, newest first.</summary>
    public async Task<IReadOnlyList<NotificationView>> RecentAsync(Viewer viewer, int take = 50, CancellationToken cancellationToken = default)
    {
        if (!ReceivesAny(viewer))
            return [];
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var readUpTo = await ReadUpToAsync(db, viewer, cancellationToken);
        var rows = await Visible(db, viewer).OrderByDescending(n => n.Number).Take(take).ToListAsync(cancellationToken);
        return [.. rows.Select(n => new NotificationView(n.Number, n.Kind, n.IsAlert, n.IsAlert && n.Number > readUpTo,
            n.SessionName, n.MachineName, n.Size, n.Policy, n.At, n.Detail))];
    }

    /// <summary>Marks everything saved so far as read for this person: one row per person, however many notifications.</summary>
    public async Task MarkAllReadAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        if (!ReceivesAny(viewer))
            return;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var newest = await Visible(db, viewer).MaxAsync(n => (long?)n.Number, cancellationToken) ?? 0;
        var key = Key(viewer.Name);
        var mark = await db.NotificationReadMarks.FindAsync([key], cancellationToken);
        if (mark is null)
            db.NotificationReadMarks.Add(new NotificationReadMark { Recipient = key, ReadUpTo = newest });
        else if (mark.ReadUpTo < newest)
            mark.ReadUpTo = newest;
        await db.SaveChangesAsync(cancellationToken);
        Notify();
    }

    /// <summary>Saves a batch of events as notifications in one write; an event already saved is skipped.</summary>
    internal async Task SaveAsync(IReadOnlyList<SpotEvent> events, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var ids = events.Select(e => e.Id).ToList();
        var known = (await db.SpotNotifications.Where(n => ids.Contains(n.EventId)).Select(n => n.EventId)
            .ToListAsync(cancellationToken)).ToHashSet();
        var fresh = events.Where(e => known.Add(e.Id)).Select(ToRow).ToList();
        if (fresh.Count == 0)
            return;
        db.SpotNotifications.AddRange(fresh);
        await db.SaveChangesAsync(cancellationToken);
        Interlocked.Increment(ref _saves);
        Notify();
    }

    internal void ReportWebhookFailed(string problem)
    {
        lock (_gate)
            WebhookProblem = new WebhookProblem(WebhookProblem?.Since ?? time.GetUtcNow(), problem);
        Notify();
    }

    internal void ReportWebhookDelivered()
    {
        lock (_gate)
        {
            if (WebhookProblem is null)
                return;
            WebhookProblem = null;
        }

        Notify();
    }

    private SpotNotification ToRow(SpotEvent e) => new()
    {
        EventId = e.Id,
        Kind = e.Kind,
        IsAlert = options.Value.IsAlert(e.Kind),
        SessionId = e.SessionId,
        SessionName = ColumnLimits.Fit(e.SessionName, ColumnLimits.SessionName),
        Owner = ColumnLimits.Fit(e.Owner, ColumnLimits.Person),
        OwnerKey = Key(ColumnLimits.Fit(e.Owner, ColumnLimits.Person)),
        MachineId = e.MachineId,
        MachineName = ColumnLimits.Fit(e.MachineName, ColumnLimits.MachineName),
        Size = ColumnLimits.Fit(e.Size, ColumnLimits.Size),
        Policy = e.Policy?.ToString(),
        At = e.At,
        Detail = ColumnLimits.Fit(e.Detail, ColumnLimits.Message),
    };

    private static IQueryable<SpotNotification> Visible(DashboardDbContext db, Viewer viewer)
    {
        var rows = db.SpotNotifications.AsNoTracking();
        if (viewer.IsAdmin || viewer.IsOps)
            return rows;
        var key = Key(viewer.Name);
        return rows.Where(n => n.OwnerKey == key);
    }

    private static async Task<long> ReadUpToAsync(DashboardDbContext db, Viewer viewer, CancellationToken cancellationToken)
    {
        var key = Key(viewer.Name);
        return await db.NotificationReadMarks.AsNoTracking().Where(m => m.Recipient == key)
            .Select(m => (long?)m.ReadUpTo).FirstOrDefaultAsync(cancellationToken) ?? 0;
    }

    private static string Key(string name) => name.ToLowerInvariant();
}

/// <summary>The webhook fails since <see cref="Since"/>; <see cref="Problem"/> says how the last attempt failed.</summary>
public sealed record WebhookProblem(DateTimeOffset Since, string Problem);
