using Dashboard.Components.Sessions;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Setup;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Components.Pages;

/// <summary>Every session, live: a snapshot on open, then change batches read off the render thread.</summary>
public sealed partial class Sessions : IAsyncDisposable
{
    private static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(200);

    private readonly Dictionary<Guid, SessionView> _sessions = [];
    private readonly TreeExpansion _expansion = new();
    private readonly CancellationTokenSource _stop = new();
    private SessionSubscription? _subscription;
    private Task? _reader;
    private CloudHealth _health = new(null, null, null);

    [Inject] private SessionMonitor Monitor { get; set; } = default!;
    [Inject] private ViewerAccessor Viewers { get; set; } = default!;

    private Viewer _viewer = Viewer.For("");
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _viewer = await Viewers.GetAsync();
        _subscription = Monitor.Subscribe();
        foreach (var session in _subscription.Initial)
            Show(session);
        _health = Monitor.Health;
        Monitor.HealthChanged += OnHealthChanged;
        _reader = ReadChangesAsync(_subscription, _stop.Token);
    }

    private async Task ReadChangesAsync(SessionSubscription subscription, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in subscription.ReadChangesAsync(RenderInterval, cancellationToken).ConfigureAwait(false))
            {
                await InvokeAsync(() =>
                {
                    foreach (var change in batch)
                    {
                        if (change.Kind == SessionChangeKind.Remove)
                            _sessions.Remove(change.Session.Id);
                        else
                            Show(change.Session);
                    }

                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // Only what this person may see reaches the page: a student's sessions hold just their machines.
    private void Show(SessionView session)
    {
        if (AccessPolicy.VisiblePart(_viewer, session) is { } visible)
            _sessions[session.Id] = visible;
        else
            _sessions.Remove(session.Id);
    }

    private void OnHealthChanged(CloudHealth health) => _ = InvokeAsync(() =>
    {
        _health = health;
        StateHasChanged();
    });

    private async Task NewSessionAsync()
    {
        var dialog = await Dialogs.ShowAsync<NewSessionDialog>("New session",
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: SessionView created })
            _expansion.SetSessionOpen(created.Id, true);
    }

    public async ValueTask DisposeAsync()
    {
        Monitor.HealthChanged -= OnHealthChanged;
        await _stop.CancelAsync();
        _subscription?.Dispose();
        if (_reader is not null)
            await _reader;
        _stop.Dispose();
    }
}
