using Dashboard.Core.Audit;
using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Core.Persistence;
using Dashboard.Setup;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Pages;

/// <summary>
/// The audit trail (every action and sign-in) with filters, paging and CSV export, and the state history for admins
/// and ops. What a person sees is decided by <see cref="AuditQuery"/>, the same as for <c>/audit.csv</c>.
/// </summary>
public sealed partial class AuditTrail
{
    private const int PageSize = 50;
    private const int StateHistoryShown = 500;

    private Viewer _viewer = Viewer.For("");
    private AuditFilter _filter = new();
    private IReadOnlyList<ActionLogEntry> _entries = [];
    private IReadOnlyList<StateChange> _changes = [];
    private IReadOnlyList<string> _sessionNames = [];
    private int _total;
    private int _page = 1;
    private int _version;
    private bool _loading = true;

    [Inject] private AuditQuery Audit { get; set; } = default!;
    [Inject] private SessionStore Store { get; set; } = default!;
    [Inject] private ViewerAccessor Viewers { get; set; } = default!;

    private int PageCount => Math.Max(1, (_total + PageSize - 1) / PageSize);

    private string CsvUrl => _filter.ToQueryString() is { Length: > 0 } query ? $"/audit.csv?{query}" : "/audit.csv";

    private string Summary => _total == 0
        ? "No entries match."
        : $"Showing {_entries.Count} of {_total} {(_total == 1 ? "entry" : "entries")}, newest first"
          + (PageCount > 1 ? $" (page {_page} of {PageCount})." : ".");

    private DateTime? FromDay => _filter.From?.UtcDateTime.Date;
    private DateTime? ToDay => _filter.To?.UtcDateTime.Date.AddDays(-1);

    protected override async Task OnInitializedAsync()
    {
        _viewer = await Viewers.GetAsync();
        if (!AccessPolicy.CanOpenAudit(_viewer))
            return;
        _sessionNames = await Audit.SessionNamesAsync(_viewer, CancellationToken.None);
        if (_viewer.IsAdmin || _viewer.IsOps)
            _changes = await Store.RecentStateChangesAsync(StateHistoryShown, CancellationToken.None);
        await LoadAsync();
    }

    private async Task ApplyAsync(AuditFilter filter)
    {
        _filter = filter;
        _page = 1;
        await LoadAsync();
    }

    private async Task ShowPageAsync(int page)
    {
        _page = page;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        // Filters change faster than a query may answer: only the latest answer is shown.
        var version = ++_version;
        _loading = true;
        var result = await Audit.SearchAsync(_viewer, _filter, (_page - 1) * PageSize, PageSize, CancellationToken.None);
        if (version != _version)
            return;
        (_entries, _total, _loading) = (result.Entries, result.Total, false);
    }

    /// <summary>A picked day, as the UTC midnight it starts with.</summary>
    private static DateTimeOffset? StartOf(DateTime? day) =>
        day is { } d ? new DateTimeOffset(DateTime.SpecifyKind(d.Date, DateTimeKind.Utc)) : null;
}
