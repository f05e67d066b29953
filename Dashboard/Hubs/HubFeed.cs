using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Hubs;

/// <summary>
/// One connection's outbox and the pump that sends from it, one message at a time. A client that stops reading
/// stalls only its own pump; when it falls too far behind it is disconnected.
/// </summary>
public sealed partial class HubFeed : IAsyncDisposable
{
    private readonly HubOutbox _outbox = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly HubCallerContext _connection;
    private readonly IClientProxy _client;
    private readonly HubFanOutOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _user;
    private readonly Task _pumping;
    private long _sendStartedAt;
    private int _closed;

    public HubFeed(HubCallerContext connection, IClientProxy client, HubFanOutOptions options, TimeProvider time, ILogger logger)
    {
        _connection = connection;
        _client = client;
        _options = options;
        _time = time;
        _logger = logger;
        _user = connection.User?.Identity?.Name ?? "";
        _pumping = PumpAsync(_stop.Token);
    }

    /// <summary>How long the current send has been waiting for the client, or null when none is under way.</summary>
    internal TimeSpan? SendOutstandingFor =>
        Volatile.Read(ref _sendStartedAt) is var startedAt and not 0 ? _time.GetElapsedTime(startedAt) : null;

    /// <summary>Queues the session's latest message without waiting for anything.</summary>
    public void Post(string session, OutboxMessage message)
    {
        if (Volatile.Read(ref _closed) != 0)
            return;
        var pending = _outbox.Post(session, message);
        if (pending > _options.MaxPendingSessions && Abort())
            LogTooManyPending(_connection.ConnectionId, _user, pending, _options.MaxPendingSessions);
    }

    public void Drop(string session) => _outbox.Drop(session);

    private async Task PumpAsync(CancellationToken stopping)
    {
        try
        {
            while (true)
            {
                await _outbox.WaitAsync(stopping);
                while (_outbox.TryTake(out var message))
                {
                    if (!await SendAsync(message, stopping))
                        return;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>Sends one message; false once the client has been disconnected for not reading.</summary>
    private async Task<bool> SendAsync(OutboxMessage message, CancellationToken stopping)
    {
        Volatile.Write(ref _sendStartedAt, _time.GetTimestamp());
        try
        {
            await _client.SendAsync(message.Method, message.Argument, stopping)
                .WaitAsync(_options.StalledSendLimit, _time, stopping);
            return true;
        }
        catch (TimeoutException)
        {
            if (Abort())
                LogStalled(_connection.ConnectionId, _user, _options.StalledSendSeconds);
            return false;
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            // One message that cannot be sent must not end the connection's feed.
            LogSendFailed(_connection.ConnectionId, message.Method, ex.Message);
            return true;
        }
        finally
        {
            Volatile.Write(ref _sendStartedAt, 0);
        }
    }

    // Ends the SignalR connection; its transport then closes the socket (after its close timeout when the client reads
    // nothing), and the hub's OnDisconnectedAsync disposes this feed.
    /// <summary>False when the feed was already closed, so each disconnect is logged once.</summary>
    private bool Abort()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
            return false;
        _connection.Abort();
        _stop.Cancel();
        return true;
    }

    // The token source is left undisposed: a post racing with the disconnect may still abort, and cancelling is all it does.
    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _closed, 1);
        await _stop.CancelAsync();
        await _pumping;
    }

    [LoggerMessage(LogLevel.Warning, "Disconnected hub connection {ConnectionId} ({User}): a send has waited more than {Seconds} s (Hub:StalledSendSeconds) for the client to read.")]
    private partial void LogStalled(string connectionId, string user, double seconds);

    [LoggerMessage(LogLevel.Warning, "Disconnected hub connection {ConnectionId} ({User}): {Pending} sessions wait in its outbox, more than Hub:MaxPendingSessions ({Max}).")]
    private partial void LogTooManyPending(string connectionId, string user, int pending, int max);

    [LoggerMessage(LogLevel.Warning, "Sending {Method} to hub connection {ConnectionId} failed: {Message}")]
    private partial void LogSendFailed(string connectionId, string method, string message);
}
