using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Dashboard.Hubs;

namespace Dashboard.Benchmarks;

/// <summary>
/// A hub client that stops reading: a raw WebSocket that does SignalR's JSON handshake, calls WatchAll, and then
/// neither reads nor sends again, so whatever the server sends it piles up in front of it. Its socket has a small
/// receive buffer, like a client on a slow link: the server's writes back up after kilobytes, not after the
/// megabytes loopback buffers would otherwise absorb.
/// </summary>
public sealed class StalledHubClient : IDisposable
{
    private const char RecordSeparator = '\u001e';
    private const int ReceiveBufferBytes = 4096;
    private readonly ClientWebSocket _socket = new();
    private readonly HttpMessageInvoker _invoker = new(new SocketsHttpHandler { ConnectCallback = ConnectWithSmallBufferAsync });

    private StalledHubClient()
    {
    }

    /// <summary>When it last sent anything (its WatchAll call).</summary>
    public DateTimeOffset LastSentAt { get; private set; }

    public static async Task<StalledHubClient> ConnectAsync(Uri baseUrl, string cookieHeader, CancellationToken cancellationToken)
    {
        var client = new StalledHubClient();
        client._socket.Options.SetRequestHeader("Cookie", cookieHeader);
        var hub = new UriBuilder(new Uri(baseUrl, SessionsHub.Path.TrimStart('/'))) { Scheme = "ws" }.Uri;
        await client._socket.ConnectAsync(hub, client._invoker, cancellationToken);
        await client.SendAsync("{\"protocol\":\"json\",\"version\":1}" + RecordSeparator, cancellationToken);
        var answer = await client.ReadHandshakeAsync(cancellationToken);
        if (answer.Contains("error", StringComparison.Ordinal))
            throw new InvalidOperationException($"The hub refused the handshake: {answer}");
        await client.SendAsync("{\"type\":1,\"invocationId\":\"1\",\"target\":\"WatchAll\",\"arguments\":[]}" + RecordSeparator, cancellationToken);
        client.LastSentAt = DateTimeOffset.UtcNow;
        return client;
    }

    /// <summary>
    /// Reads, at last, what the server had sent, to learn whether it closed the socket; false when it is still open
    /// after <paramref name="limit"/>.
    /// </summary>
    public async Task<(bool Closed, long Bytes)> DrainAsync(TimeSpan limit)
    {
        var buffer = new byte[64 * 1024];
        long bytes = 0;
        using var stop = new CancellationTokenSource(limit);
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                    return (true, bytes);
                bytes += result.Count;
            }
        }
        catch (OperationCanceledException)
        {
            return (false, bytes);
        }
        catch (WebSocketException)
        {
            // The server ended the connection without a close handshake: it aborted it.
            return (true, bytes);
        }
    }

    private Task SendAsync(string text, CancellationToken cancellationToken) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    private async Task<string> ReadHandshakeAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var text = new StringBuilder();
        while (!text.ToString().Contains(RecordSeparator, StringComparison.Ordinal))
        {
            var result = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
                throw new InvalidOperationException("The hub closed the connection during the handshake.");
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }

        return text.ToString();
    }

    private static async ValueTask<Stream> ConnectWithSmallBufferAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        // Set before connecting, so the window the socket advertises is small from the start.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = ReceiveBufferBytes };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _invoker.Dispose();
    }
}
