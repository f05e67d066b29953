using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Setup;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components;

/// <summary>
/// A page that follows the live sessions: it learns who is looking, subscribes to the monitor, gets the snapshot and
/// then every change batch on the render thread (at most five a second), and stops cleanly when the page goes.
/// </summary>
public abstract class LiveSessionsPage : ComponentBase, IAsyncDisposable
{
    private static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(200);

    private readonly CancellationTokenSource _stop = new();
    private SessionSubscription? _subscription;
    private Task? _reader;

    [Inject] protected SessionMonitor Monitor { get; set; } = default!;
    [Inject] private ViewerAccessor Viewers { get; set; } = default!;

    /// <summary>The signed-in person; anonymous (no name, no roles) until <see cref="WatchAsync"/> ran.</summary>
    protected Viewer Viewer { get; private set; } = Viewer.For("");

    /// <summary>Reads the viewer, then (when <paramref name="follow"/> says so) hands over the snapshot and every change.</summary>
    protected async Task WatchAsync(Func<Viewer, bool>? follow = null)
    {
        Viewer = await Viewers.GetAsync();
        if (follow is not null && !follow(Viewer))
            return;
        _subscription = Monitor.Subscribe();
        Health = _subscription.InitialHealth;
        await OnChangesAsync([.. _subscription.Initial.Select(s => new SessionChange(SessionChangeKind.Upsert, s))]);
        _reader = ReadAsync(_subscription, _stop.Token);
    }

    /// <summary>Whether the shown state is fresh; it travels with the state through the same subscription.</summary>
    protected CloudHealth Health { get; private set; } = new(null, null, null);

    /// <summary>Applies a batch of changes; runs on the render thread, and the page re-renders afterwards.</summary>
    protected abstract Task OnChangesAsync(IReadOnlyList<SessionChange> changes);

    private async Task ReadAsync(SessionSubscription subscription, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in subscription.ReadAsync(RenderInterval, cancellationToken).ConfigureAwait(false))
            {
                await InvokeAsync(async () =>
                {
                    if (batch.Health is { } health)
                        Health = health;
                    if (batch.Changes.Count > 0)
                        await OnChangesAsync(batch.Changes);
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public virtual async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _subscription?.Dispose();
        if (_reader is not null)
            await _reader;
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
