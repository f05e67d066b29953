using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Dashboard.Core.Scaling;

/// <summary>
/// Claims machines for operations across servers. The live store already refuses a machine that is busy here; a claim
/// also refuses one that another server is just starting a command on, before either has heard of the other's.
/// </summary>
public interface IOperationClaims
{
    /// <summary>Claims each machine for its operation; returns the machines won. Nothing is won while Redis is away.</summary>
    Task<IReadOnlySet<Guid>> ClaimAsync(IReadOnlyDictionary<Guid, Guid> operationOfMachine, TimeSpan hold);

    /// <summary>Frees the machine if this operation still holds it (whichever server ends it).</summary>
    void Release(Guid machineId, Guid operationId);

    /// <summary>Why the last claim failed as a whole (Redis does not answer); null when it worked.</summary>
    string? Problem { get; }
}

/// <summary>One server: its live store is the only place a machine can be claimed.</summary>
public sealed class LocalClaims : IOperationClaims
{
    public string? Problem => null;

    public Task<IReadOnlySet<Guid>> ClaimAsync(IReadOnlyDictionary<Guid, Guid> operationOfMachine, TimeSpan hold) =>
        Task.FromResult<IReadOnlySet<Guid>>(operationOfMachine.Keys.ToHashSet());

    public void Release(Guid machineId, Guid operationId)
    {
    }
}

/// <summary>A key per machine, set only if absent and expiring after the operation's own time limit.</summary>
public sealed partial class RedisOperationClaims(IConnectionMultiplexer redis, IOptions<ScaleOutOptions> options,
    ILogger<RedisOperationClaims> logger) : IOperationClaims
{
    private const string ReleaseIfOwn = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private volatile string? _problem;

    public string? Problem => _problem;

    public async Task<IReadOnlySet<Guid>> ClaimAsync(IReadOnlyDictionary<Guid, Guid> operationOfMachine, TimeSpan hold)
    {
        if (operationOfMachine.Count == 0)
            return new HashSet<Guid>();
        try
        {
            // One round trip for a whole batch.
            var db = redis.GetDatabase();
            var batch = db.CreateBatch();
            var sets = operationOfMachine.Select(p => (Machine: p.Key,
                Set: batch.StringSetAsync(KeyOf(p.Key), p.Value.ToString(), hold, When.NotExists))).ToList();
            batch.Execute();
            await Task.WhenAll(sets.Select(s => s.Set));
            _problem = null;
            return sets.Where(s => s.Set.Result).Select(s => s.Machine).ToHashSet();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _problem = "Redis does not answer, so the dashboard cannot make sure that no other server runs a command on the same machine; try again shortly.";
            LogClaimFailed(ex);
            return new HashSet<Guid>();
        }
    }

    public void Release(Guid machineId, Guid operationId)
    {
        try
        {
            redis.GetDatabase().ScriptEvaluate(ReleaseIfOwn, [KeyOf(machineId)], [operationId.ToString()], CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The claim expires with the operation's time limit.
            LogReleaseFailed(ex);
        }
    }

    private RedisKey KeyOf(Guid machineId) => options.Value.Key($"claim:{machineId:N}");

    [LoggerMessage(LogLevel.Warning, "Claiming machines in Redis failed; their commands are refused")]
    private partial void LogClaimFailed(Exception exception);

    [LoggerMessage(LogLevel.Warning, "Releasing a machine's claim in Redis failed; it expires by itself")]
    private partial void LogReleaseFailed(Exception exception);
}
