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
    public static HubConnection Build(TestServer server, string? user, params string[] roles) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, SessionsHub.Path), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                if (user is not null)
                    TestAuthentication.Apply(o.Headers, user, roles);
                o.HttpMessageHandlerFactory = _ => server.CreateHandler();
                // Negotiate and the WebSocket upgrade are separate requests: both carry who is asking.
                o.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var client = server.CreateWebSocketClient();
                    client.ConfigureRequest = request =>
                    {
                        if (user is null)
                            return;
                        request.Headers[TestAuthentication.UserHeader] = user;
                        request.Headers[TestAuthentication.RolesHeader] = string.Join(',', roles);
                    };
                    return await client.ConnectAsync(context.Uri, cancellationToken);
                };
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
}
