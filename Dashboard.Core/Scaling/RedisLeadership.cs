using Dashboard.Core.Live;
using Medallion.Threading.Redis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Dashboard.Core.Scaling;

/// <summary>
/// Holds the polling lease in Redis while it can. The lease expires unless renewed, so a server that dies or loses
/// Redis stops leading (its token is cancelled) and another takes over within one lease; a server that stops cleanly
/// hands it over at once.
/// </summary>
public sealed partial class RedisLeadership(
    IConnectionMultiplexer redis,
    IOptions<ScaleOutOptions> options,
    IOptions<MonitorOptions> monitor,
    InstanceIdentity me,
    ILogger<RedisLeadership> logger) : BackgroundService, ILeadership
{
    private TaskCompletionSource<CancellationToken> _leading = NewWait();
    private volatile bool _isLeader;

    public bool IsLeader => _isLeader;

    /// <summary>How long a lease lives unrenewed.</summary>
    public TimeSpan Lease => options.Value.LeaseFor(monitor.Value.IdleInterval);

    public Task<CancellationToken> WaitUntilLeaderAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _leading).Task.WaitAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lease = Lease;
        var name = options.Value.Key("poller-lease");
        var @lock = new RedisDistributedLock(name, redis.GetDatabase(), o => o
            .Expiry(lease)
            .ExtensionCadence(lease / 3)
            .BusyWaitSleepTime(lease / 10, lease / 5));
        while (!stoppingToken.IsCancellationRequested)
        {
            RedisDistributedLockHandle? handle;
            try
            {
                handle = await @lock.TryAcquireAsync(lease, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogLeaseUnreachable(ex);
                await WaitQuietlyAsync(lease / 2, stoppingToken);
                continue;
            }

            if (handle is null)
                continue;
            await LeadWhileHeldAsync(handle, stoppingToken);
        }
    }

    private async Task LeadWhileHeldAsync(RedisDistributedLockHandle handle, CancellationToken stoppingToken)
    {
        using (var held = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, handle.HandleLostToken))
        {
            _isLeader = true;
            LogLeading(me.Id);
            Volatile.Read(ref _leading).TrySetResult(held.Token);
            await WaitQuietlyAsync(Timeout.InfiniteTimeSpan, held.Token);
            // Followers wait on a fresh task; the old one stays completed with the cancelled token.
            Volatile.Write(ref _leading, NewWait());
            _isLeader = false;
            if (!stoppingToken.IsCancellationRequested)
                LogLeaseLost(me.Id);
        }

        try
        {
            // A clean stop hands the lease over at once; with Redis gone it simply expires.
            await handle.DisposeAsync();
        }
        catch (Exception ex)
        {
            LogReleaseFailed(ex);
        }
    }

    private static async Task WaitQuietlyAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(wait, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static TaskCompletionSource<CancellationToken> NewWait() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(LogLevel.Information, "Server {Instance} holds the polling lease: it polls the cloud and runs the schedulers")]
    private partial void LogLeading(string instance);

    [LoggerMessage(LogLevel.Warning, "Server {Instance} lost the polling lease; another server takes over")]
    private partial void LogLeaseLost(string instance);

    [LoggerMessage(LogLevel.Warning, "Handing the polling lease back failed; it expires by itself")]
    private partial void LogReleaseFailed(Exception exception);

    [LoggerMessage(LogLevel.Warning, "Redis does not answer for the polling lease; trying again")]
    private partial void LogLeaseUnreachable(Exception exception);
}
