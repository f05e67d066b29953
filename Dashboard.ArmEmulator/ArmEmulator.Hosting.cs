using System.Net;
using Dashboard.ArmEmulator.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dashboard.ArmEmulator;

// Two ways to serve the emulator: in-process (TestServer) and Kestrel over HTTPS.
public sealed partial class ArmEmulator
{
    /// <summary>
    /// An in-process handler (no sockets) for <c>ArmClientOptions.Transport = new HttpClientTransport(handler)</c>.
    /// Use an https base address with it: Azure.Core sends bearer tokens only over https. Disposing the
    /// handler stops the in-process server.
    /// </summary>
    public HttpMessageHandler CreateHandler()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseTestServer();
        builder.Services.AddRouting();
        var app = builder.Build();
        MapEndpoints(app);
        app.Start();
        return new OwningHandler(app.GetTestServer().CreateHandler(), app);
    }

    /// <summary>Hosts a new emulator with Kestrel over HTTPS on 127.0.0.1, on a free port, with a fresh self-signed certificate.</summary>
    public static async Task<ArmEmulatorServer> StartAsync(ArmEmulatorOptions options)
    {
        var emulator = new ArmEmulator(options);
        var certificate = SelfSignedCertificate.Create();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        builder.Services.AddRouting();
        var app = builder.Build();
        emulator.MapEndpoints(app);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            certificate.Dispose();
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ArmEmulatorServer(app, new Uri(address.TrimEnd('/') + "/"), emulator, certificate);
    }

    private sealed class OwningHandler(HttpMessageHandler inner, WebApplication app) : DelegatingHandler(inner)
    {
        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
                app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
