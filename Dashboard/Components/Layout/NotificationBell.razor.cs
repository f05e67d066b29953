using Dashboard.Core.People;
using Dashboard.Core.Spot.Alerts;
using Dashboard.Setup;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;

namespace Dashboard.Components.Layout;

/// <summary>
/// The bell in the app bar: the signed-in person's unread Spot alerts, live. A change event from the notification
/// service makes the bell read its count again; changes that arrive while it reads fold into one more read.
/// </summary>
public sealed partial class NotificationBell
{
    private const int Listed = 50;

    private Viewer _viewer = Viewer.For("");
    private bool _receives;
    private bool _open;
    private bool _disposed;
    private int _unread;
    private int _refreshPending;
    private IReadOnlyList<NotificationView> _items = [];
    private WebhookProblem? _webhookProblem;

    [Inject] private SpotNotifications Notifications { get; set; } = default!;
    [Inject] private ViewerAccessor Viewers { get; set; } = default!;
    [Inject] private ILogger<NotificationBell> Logger { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _viewer = await Viewers.GetAsync();
        _receives = SpotNotifications.ReceivesAny(_viewer);
        if (!_receives)
            return;
        Notifications.Changed += OnChanged;
        await LoadAsync();
    }

    private void OnChanged()
    {
        if (Interlocked.Exchange(ref _refreshPending, 1) == 1)
            return;
        _ = InvokeAsync(async () =>
        {
            Interlocked.Exchange(ref _refreshPending, 0);
            if (_disposed)
                return;
            await LoadAsync();
            StateHasChanged();
        });
    }

    private async Task LoadAsync()
    {
        try
        {
            _unread = await Notifications.UnreadCountAsync(_viewer);
            _webhookProblem = _viewer.IsAdmin || _viewer.IsOps ? Notifications.WebhookProblem : null;
            if (_open)
                _items = await Notifications.RecentAsync(_viewer, Listed);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database being away must not break the layout: the bell keeps what it showed.
            Logger.LogWarning(ex, "The notification bell could not read the notifications.");
        }
    }

    private async Task ToggleAsync()
    {
        _open = !_open;
        await LoadAsync();
    }

    private void Close() => _open = false;

    private async Task MarkAllReadAsync()
    {
        await Notifications.MarkAllReadAsync(_viewer);
        await LoadAsync();
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss") + " UTC";

    public void Dispose()
    {
        _disposed = true;
        Notifications.Changed -= OnChanged;
    }
}
