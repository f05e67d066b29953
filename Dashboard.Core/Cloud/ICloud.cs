using Dashboard.Core.Domain;

namespace Dashboard.Core.Cloud;

/// <summary>
/// The one interface every cloud backend implements. Operations complete when the cloud reports the
/// final state; transitional states are visible through <see cref="ListAsync"/> meanwhile.
/// </summary>
public interface ICloud
{
    /// <summary>Every machine's power state in one call (Azure's list-with-status).</summary>
    Task<IReadOnlyList<CloudMachineStatus>> ListAsync(CancellationToken cancellationToken);

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

    /// <summary>Rehearses a Spot eviction, as Azure's simulateEviction does.</summary>
    Task SimulateEvictionAsync(string cloudId, CancellationToken cancellationToken);
}

public sealed record CloudMachineStatus(
    string CloudId,
    string Name,
    MachineState State,
    IReadOnlyDictionary<string, string> Tags,
    CloudMachineDetails? Details = null);

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
