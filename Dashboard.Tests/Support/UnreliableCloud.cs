using Dashboard.Core.Cloud;
using Dashboard.Core.Cloud.Simulated;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Support;

/// <summary>
/// The simulated cloud seen through a listing that can leave machines out (a lost page, a stale replica), and with a
/// hook that runs before each power request is sent. Direct reads always tell the truth.
/// </summary>
public sealed class UnreliableCloud(SimulatedCloud inner) : ICloud
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _hidden = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Runs before a Start, Stop, Hibernate or Delete request reaches the cloud.</summary>
    public Func<string, Task>? BeforeRequest { get; set; }

    /// <summary>While set, every listing fails with it, as when the cloud cannot be reached.</summary>
    public Exception? ListingFailure { get; set; }

    /// <summary>Leaves the machine out of the next <paramref name="listings"/> listings.</summary>
    public void HideFromListings(string cloudId, int listings = int.MaxValue)
    {
        lock (_gate)
            _hidden[cloudId] = listings;
    }

    private readonly TaskCompletionSource _listingsReleased = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _holdListings;

    /// <summary>Used in place of the simulated cloud wherever Core asks for a cloud.</summary>
    public static void Replace(IServiceCollection services) => Replace(services, holdListings: false);

    /// <summary>As <see cref="Replace(IServiceCollection)"/>; with holdListings no listing answers before <see cref="ReleaseListings"/>.</summary>
    public static void Replace(IServiceCollection services, bool holdListings)
    {
        services.AddSingleton(sp => new UnreliableCloud(sp.GetRequiredService<SimulatedCloud>()) { _holdListings = holdListings });
        services.AddSingleton<ICloud>(sp => sp.GetRequiredService<UnreliableCloud>());
    }

    public void ReleaseListings() => _listingsReleased.TrySetResult();

    public async Task<IReadOnlyList<CloudMachineStatus>> ListAsync(CancellationToken cancellationToken)
    {
        if (_holdListings)
            await _listingsReleased.Task.WaitAsync(cancellationToken);
        if (ListingFailure is { } failure)
            throw failure;
        var listed = await inner.ListAsync(cancellationToken);
        lock (_gate)
        {
            var shown = listed.Where(s => !_hidden.ContainsKey(s.CloudId)).ToList();
            foreach (var id in _hidden.Keys.ToList())
            {
                if (--_hidden[id] <= 0)
                    _hidden.Remove(id);
            }

            return shown;
        }
    }

    public Task<CloudMachineStatus?> ReadAsync(string cloudId, CancellationToken cancellationToken) => inner.ReadAsync(cloudId, cancellationToken);

    public string IdFor(string machineName) => inner.IdFor(machineName);

    public Task CreateAsync(CloudMachineSpec spec, CancellationToken cancellationToken) => inner.CreateAsync(spec, cancellationToken);

    public async Task StartAsync(string cloudId, CancellationToken cancellationToken)
    {
        await BeforeAsync(cloudId);
        await inner.StartAsync(cloudId, cancellationToken);
    }

    public async Task StopAsync(string cloudId, CancellationToken cancellationToken)
    {
        await BeforeAsync(cloudId);
        await inner.StopAsync(cloudId, cancellationToken);
    }

    public async Task HibernateAsync(string cloudId, CancellationToken cancellationToken)
    {
        await BeforeAsync(cloudId);
        await inner.HibernateAsync(cloudId, cancellationToken);
    }

    public Task RebootAsync(string cloudId, CancellationToken cancellationToken) => inner.RebootAsync(cloudId, cancellationToken);

    public async Task DeleteAsync(string cloudId, CancellationToken cancellationToken)
    {
        await BeforeAsync(cloudId);
        await inner.DeleteAsync(cloudId, cancellationToken);
    }

    public Task<string> SnapshotAsync(string cloudId, CancellationToken cancellationToken) => inner.SnapshotAsync(cloudId, cancellationToken);

    public Task<IReadOnlyList<CloudSnapshot>> ListSnapshotsAsync(string cloudId, CancellationToken cancellationToken) =>
        inner.ListSnapshotsAsync(cloudId, cancellationToken);

    public Task DeallocateAndWaitAsync(string cloudId, CancellationToken cancellationToken) => inner.DeallocateAndWaitAsync(cloudId, cancellationToken);

    public Task StartAndWaitAsync(string cloudId, CancellationToken cancellationToken) => inner.StartAndWaitAsync(cloudId, cancellationToken);

    public Task<RestoredDisk> RestoreOsDiskAsync(string cloudId, string snapshotName, CancellationToken cancellationToken) =>
        inner.RestoreOsDiskAsync(cloudId, snapshotName, cancellationToken);

    public Task ReimageAsync(string cloudId, CancellationToken cancellationToken) => inner.ReimageAsync(cloudId, cancellationToken);

    public Task CreateFromSnapshotAsync(CloudMachineSpec spec, string snapshotName, CancellationToken cancellationToken) =>
        inner.CreateFromSnapshotAsync(spec, snapshotName, cancellationToken);

    public Task SimulateEvictionAsync(string cloudId, CancellationToken cancellationToken) => inner.SimulateEvictionAsync(cloudId, cancellationToken);

    private Task BeforeAsync(string cloudId) => BeforeRequest?.Invoke(cloudId) ?? Task.CompletedTask;
}
