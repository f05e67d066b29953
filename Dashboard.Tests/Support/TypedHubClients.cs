using Dashboard.Client;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.TestHost;

namespace Dashboard.Tests.Support;

/// <summary>The typed hub client of Dashboard.Client over the in-process test server's WebSockets.</summary>
public static class TypedHubClients
{
    /// <summary>With a bearer token: negotiate sends it as a header, the WebSocket upgrade as the access_token query value.</summary>
    public static SessionsHubClient WithToken(TestServer server, string token) =>
        SessionsHubClient.WithToken(server.BaseAddress, token, o => OverTestServer(o, server));

    public static SessionsHubClient WithCookie(TestServer server, string cookieHeader) =>
        SessionsHubClient.WithCookie(server.BaseAddress, cookieHeader, o => OverTestServer(o, server));

    private static void OverTestServer(HttpConnectionOptions options, TestServer server)
    {
        options.Transports = HttpTransportType.WebSockets;
        options.HttpMessageHandlerFactory = _ => server.CreateHandler();
        options.WebSocketFactory = async (context, cancellationToken) =>
        {
            var uri = context.Uri;
            // As browsers (and SignalR's JavaScript client) do: an upgrade request carries no Authorization header.
            if (context.Options.AccessTokenProvider is { } provider && await provider() is { } token)
                uri = new Uri(uri + (uri.Query.Length > 0 ? "&" : "?") + "access_token=" + Uri.EscapeDataString(token));
            var client = server.CreateWebSocketClient();
            client.ConfigureRequest = request =>
            {
                foreach (var (name, value) in context.Options.Headers)
                    request.Headers[name] = value;
            };
            return await client.ConnectAsync(uri, cancellationToken);
        };
    }
}
