namespace Dashboard.Core.Scaling;

/// <summary>
/// Whether this server is the one that polls the cloud and runs the schedulers. A lone server always is; with Redis,
/// the holder of the lease is, and another takes over when it stops renewing it.
/// </summary>
public interface ILeadership
{
    bool IsLeader { get; }

    /// <summary>Completes once this server leads (at once if it does); the token it returns is cancelled when it stops leading.</summary>
    Task<CancellationToken> WaitUntilLeaderAsync(CancellationToken cancellationToken);
}

/// <summary>A dashboard without Redis: the only server, leader from the start.</summary>
public sealed class SoleInstance : ILeadership
{
    public bool IsLeader => true;

    public Task<CancellationToken> WaitUntilLeaderAsync(CancellationToken cancellationToken) => Task.FromResult(CancellationToken.None);
}
