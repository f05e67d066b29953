using Dashboard.Core.Domain;

namespace Dashboard.Core.Cloud;

/// <summary>
/// The one interface every cloud backend implements. Create, Start, Stop, Hibernate and Delete return as soon as the
/// cloud has accepted the request: their progress and end show in <see cref="ListAsync"/>, which the poller reads
/// anyway, so a batch of 500 holds no long-running operation open. Reboot, Snapshot, SimulateEviction and the disk
/// operations (restore, reimage), whose end a listing cannot show, complete when the cloud reports them done. Every request waits for its turn under the
/// cloud's rate limits.
/// </summary>
public interface ICloud
{
    /// <summary>Every machine's power state in one call (Azure's list-with-status).</summary>
    Task<IReadOnlyList<CloudMachineStatus>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// One machine's state read directly; null only when the cloud says the machine does not exist. Used to confirm
    /// that a machine missing from listings is really gone, so it must cost one read, not a listing.
    /// </summary>
    Task<CloudMachineStatus?> ReadAsync(string cloudId, CancellationToken cancellationToken);

    /// <summary>The id the cloud will give a machine of this name, known before it exists.</summary>
    string IdFor(string machineName);

    Task CreateAsync(CloudMachineSpec spec, CancellationToken cancellationToken);
    Task StartAsync(string cloudId, CancellationToken cancellationToken);

    /// <summary>Stop and release the hardware (deallocate): compute billing stops.</summary>
    Task StopAsync(string cloudId, CancellationToken cancellationToken);

    Task HibernateAsync(string cloudId, CancellationToken cancellationToken);
    Task RebootAsync(string cloudId, CancellationToken cancellationToken);
    Task DeleteAsync(string cloudId, CancellationToken cancellationToken);

    /// <summary>Snapshots the OS disk and returns the snapshot's name.</summary>
    Task<string> SnapshotAsync(string cloudId, CancellationToken cancellationToken);

    /// <summary>The snapshots taken of this machine's OS disk (snapshots carry the machine's name), newest first.</summary>
    Task<IReadOnlyList<CloudSnapshot>> ListSnapshotsAsync(string cloudId, CancellationToken cancellationToken);

    /// <summary>Deallocates and completes once the machine is deallocated: the first step of a restore.</summary>
    Task DeallocateAndWaitAsync(string cloudId, CancellationToken cancellationToken);

    /// <summary>Starts and completes once the machine runs: the last step of a restore.</summary>
    Task StartAndWaitAsync(string cloudId, CancellationToken cancellationToken);

    /// <summary>
    /// Gives a deallocated machine a new OS disk copied from one of its snapshots and completes once it boots from it.
    /// When a step fails the exception says what exists (a disk copied but not attached, say).
    /// </summary>
    Task<RestoredDisk> RestoreOsDiskAsync(string cloudId, string snapshotName, CancellationToken cancellationToken);

    /// <summary>Gives the machine a fresh OS disk from its image; completes when done.</summary>
    Task ReimageAsync(string cloudId, CancellationToken cancellationToken);

    /// <summary>
    /// Creates a machine whose OS disk is a copy of the snapshot, attached as it is; returns once the cloud accepted it,
    /// as <see cref="CreateAsync"/> does, and leaves nothing behind when it fails.
    /// </summary>
    Task CreateFromSnapshotAsync(CloudMachineSpec spec, string snapshotName, CancellationToken cancellationToken);

    /// <summary>Rehearses a Spot eviction, as Azure's simulateEviction does.</summary>
    Task SimulateEvictionAsync(string cloudId, CancellationToken cancellationToken);

    /// <summary>
    /// Why these machines cannot be created (a machine of that name that is not the dashboard's, a missing key), in
    /// words; null when nothing stands in the way. Asked before a session is recorded.
    /// </summary>
    Task<string?> RefuseCreationAsync(IReadOnlyList<CloudMachineSpec> specs, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(null);

    /// <summary>Records on the cloud's side that an admin adopted this machine, so the dashboard may act on it.</summary>
    Task MarkAdoptedAsync(string cloudId, CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed record CloudMachineStatus(
    string CloudId,
    string Name,
    MachineState State,
    IReadOnlyDictionary<string, string> Tags,
    CloudMachineDetails? Details = null)
{
    /// <summary>Why the cloud says the machine failed (e.g. its provisioning), in words fit to show; null when it did not.</summary>
    public string? Problem { get; init; }

    /// <summary>When the cloud recorded <see cref="Problem"/>, if it says: an older problem is not this operation's.</summary>
    public DateTimeOffset? ProblemSince { get; init; }
}

/// <summary>What the list call tells about a machine besides its state; used to adopt machines made elsewhere.</summary>
public sealed record CloudMachineDetails(
    string? Size,
    string? Image,
    MachinePriority Priority,
    EvictionPolicy? EvictionPolicy,
    bool HibernationEnabled);

public sealed record CloudMachineSpec(
    string Name,
    string Size,
    string Image,
    MachinePriority Priority,
    EvictionPolicy? EvictionPolicy,
    bool HibernationEnabled,
    IReadOnlyDictionary<string, string> Tags);
