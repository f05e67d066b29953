using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dashboard.Core.Domain;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Web;

/// <summary>
/// A hub client on a bare WebSocket that reads only when told to, with a receive buffer of a few KB: what a tool
/// that hangs looks like to the server. It speaks just enough of SignalR's JSON protocol to call and read messages.
/// </summary>
public sealed class RawHubClient : IDisposable
{
    private const byte RecordSeparator = 0x1e;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly ClientWebSocket _socket;
    private readonly HttpMessageInvoker _invoker;
    private readonly List<byte> _unread = [];
    private readonly byte[] _frame = new byte[16 * 1024];

    private RawHubClient(ClientWebSocket socket, HttpMessageInvoker invoker)
    {
        _socket = socket;
        _invoker = invoker;
    }

    /// <summary>Connects as <paramref name="user"/> and completes the JSON protocol handshake.</summary>
    public static async Task<RawHubClient> ConnectAsync(Uri hubUrl, string user, string role, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader(TestAuthentication.UserHeader, user);
        socket.Options.SetRequestHeader(TestAuthentication.RolesHeader, role);
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        var invoker = new HttpMessageInvoker(new SocketsHttpHandler { ConnectCallback = ConnectWithSmallBufferAsync });
        var webSocketUrl = new UriBuilder(hubUrl) { Scheme = hubUrl.Scheme == "https" ? "wss" : "ws" }.Uri;
        await socket.ConnectAsync(webSocketUrl, invoker, cancellationToken);

        var client = new RawHubClient(socket, invoker);
        await client.SendAsync(new { protocol = "json", version = 1 }, cancellationToken);
        var handshake = await client.ReadMessageAsync(cancellationToken);
        if (handshake is not { } answer || answer.TryGetProperty("error", out var error))
            throw new InvalidOperationException($"The hub refused the handshake: {handshake}");
        return client;
    }

    /// <summary>Calls a hub method without reading its answer, which waits in the stream like everything else.</summary>
    public Task InvokeAsync(string method, CancellationToken cancellationToken) =>
        SendAsync(new { type = 1, invocationId = "1", target = method, arguments = Array.Empty<object>() }, cancellationToken);

    /// <summary>Reads SessionChanged messages until <paramref name="last"/> holds for one; returns every one read.</summary>
    public async Task<List<SessionView>> ReadSessionChangesUntilAsync(Func<SessionView, bool> last, CancellationToken cancellationToken)
    {
        var changes = new List<SessionView>();
        while (await ReadMessageAsync(cancellationToken) is { } message)
        {
            if (!IsSessionChanged(message))
                continue;
            var session = message.GetProperty("arguments")[0].Deserialize<SessionView>(Json)!;
            changes.Add(session);
            if (last(session))
                return changes;
        }

        throw new InvalidOperationException($"The connection closed after {changes.Count} SessionChanged messages.");
    }

    /// <summary>Reads whatever is still buffered until the server's close (or reset) ends the stream.</summary>
    public async Task ReadToEndAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await ReadMessageAsync(cancellationToken) is not null)
            {
            }
        }
        catch (WebSocketException)
        {
            // An aborted connection ends with a reset rather than a close frame.
        }
    }

    public void Dispose()
    {
        _socket.Abort();
        _socket.Dispose();
        _invoker.Dispose();
    }

    private static bool IsSessionChanged(JsonElement message) =>
        message.TryGetProperty("target", out var target) && target.GetString() == "SessionChanged";

    private async Task SendAsync(object message, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message, Json).Append(RecordSeparator).ToArray();
        await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
    }

    /// <summary>The next protocol message, or null once the server closed the connection.</summary>
    private async Task<JsonElement?> ReadMessageAsync(CancellationToken cancellationToken)
    {
        int end;
        while ((end = _unread.IndexOf(RecordSeparator)) < 0)
        {
            var received = await _socket.ReceiveAsync(_frame, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
                return null;
            _unread.AddRange(_frame.AsSpan(0, received.Count));
        }

        var record = _unread.GetRange(0, end).ToArray();
        _unread.RemoveRange(0, end + 1);
        return JsonDocument.Parse(record).RootElement.Clone();
    }

    // A small socket buffer makes the server's sends stall after a few hundred KB instead of several MB.
    private static async ValueTask<Stream> ConnectWithSmallBufferAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096, NoDelay = true };
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
}
