using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.Spot;

namespace Dashboard.Core.Scaling;

public enum PeerMessageKind
{
    /// <summary>Sessions a server changed (only the machines that changed travel), and operations it ended.</summary>
    Changes,

    /// <summary>The leader's view of the cloud's health, after each poll.</summary>
    Health,

    /// <summary>A Spot event, for the pages open on other servers (its alerts are sent once, by its origin).</summary>
    Spot,

    /// <summary>Notifications were saved or marked read: bells on other servers count again.</summary>
    NotificationsChanged,

    /// <summary>Quota hours that changed: runs opened or ended, hours counted or granted.</summary>
    Quota,

    /// <summary>The leader's latest discovered machines, for the admin's page on every server.</summary>
    Discovered,

    /// <summary>The leader's Spot recovery cases and capacity cooldowns, for the Spot page on every server.</summary>
    SpotRecovery,

    /// <summary>A server that just started asks the leader for the whole live picture.</summary>
    SnapshotRequest,

    /// <summary>The leader's whole live picture, for the server named in <see cref="PeerMessage.For"/>.</summary>
    Snapshot,
}

/// <summary>What one server tells the others through Redis.</summary>
public sealed record PeerMessage(string Origin, PeerMessageKind Kind)
{
    public IReadOnlyList<SessionDelta>? Sessions { get; init; }
    public IReadOnlyList<Guid>? RemovedSessions { get; init; }
    public IReadOnlyList<EndedOperation>? Ended { get; init; }
    public CloudHealth? Health { get; init; }
    public SpotEvent? Spot { get; init; }
    public IReadOnlyList<Discovery.DiscoveredMachine>? Discovered { get; init; }
    public ClassTime.QuotaChange? Quota { get; init; }
    public RecoverySnapshot? SpotRecovery { get; init; }
    public string? For { get; init; }
}

/// <summary>
/// One session's change: its header and the machines that changed (all of them when <see cref="Whole"/>), and the
/// machines it lost.
/// </summary>
public sealed record SessionDelta(SessionView Session, bool Whole, IReadOnlyList<Guid> RemovedMachines);

/// <summary>An operation that ended on its origin, with how, so the server that started it can answer its caller.</summary>
public sealed record EndedOperation(Guid MachineId, Guid OperationId, bool Succeeded, string? Error);
