using System.Net;
using System.Text.Json.Serialization;
using Dashboard.Hubs;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Web;

/// <summary>
/// The dashboard on a real loopback socket, where a client that stops reading pushes back on the server as it
/// would over a network (the in-process test server buffers without limit).
/// </summary>
public static class KestrelHub
{
    /// <summary>Starts the app; the server's socket send buffers are a few KB so back-pressure shows quickly.</summary>
    public static Uri Start(DashboardAppFactory app)
    {
        app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => connection =>
        {
            if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
                socket.SendBufferSize = 4096;
            return next(connection);
        })));
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new Uri(new Uri(address), SessionsHub.Path);
    }

    /// <summary>An ordinary SignalR client, as a given person.</summary>
    public static HubConnection Connection(Uri hubUrl, string user, string role) =>
        new HubConnectionBuilder()
            .WithUrl(hubUrl, o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                TestAuthentication.Apply(o.Headers, user, role);
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
}
