using System.Text.Json.Serialization;
using Dashboard.Hubs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.TestHost;

namespace Dashboard.Tests.Support;

/// <summary>A SignalR client for the app's hub over the in-process test server, acting as a given person (or nobody).</summary>
public static class TestHubConnections
{
    public static HubConnection Build(TestServer server, string? user, params string[] roles)
    {
        var headers = new Dictionary<string, string>();
        if (user is not null)
            TestAuthentication.Apply(headers, user, roles);
        return Build(server, headers);
    }

    /// <summary>A connection whose negotiate and WebSocket upgrade (separate requests) both carry these headers.</summary>
    public static HubConnection Build(TestServer server, IReadOnlyDictionary<string, string> headers) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, SessionsHub.Path), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                foreach (var (name, value) in headers)
                    o.Headers[name] = value;
                o.HttpMessageHandlerFactory = _ => server.CreateHandler();
                o.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var client = server.CreateWebSocketClient();
                    client.ConfigureRequest = request =>
                    {
                        foreach (var (name, value) in headers)
                            request.Headers[name] = value;
                    };
                    return await client.ConnectAsync(context.Uri, cancellationToken);
                };
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
}
