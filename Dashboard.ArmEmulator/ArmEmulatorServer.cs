using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;

namespace Dashboard.ArmEmulator;

/// <summary>An emulator served by Kestrel over HTTPS on 127.0.0.1; disposing stops it.</summary>
public sealed class ArmEmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly X509Certificate2 _serverCertificate;

    internal ArmEmulatorServer(WebApplication app, Uri endpoint, ArmEmulator emulator, X509Certificate2 serverCertificate)
    {
        _app = app;
        _serverCertificate = serverCertificate;
        Endpoint = endpoint;
        Emulator = emulator;
        Certificate = X509CertificateLoader.LoadCertificate(serverCertificate.RawData);
    }

    /// <summary>Base address, e.g. https://127.0.0.1:54321/ — use it as the ArmEnvironment endpoint.</summary>
    public Uri Endpoint { get; }

    public ArmEmulator Emulator { get; }

    /// <summary>The server's self-signed certificate (public part): clients validate against exactly this one.</summary>
    public X509Certificate2 Certificate { get; }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _serverCertificate.Dispose();
        Certificate.Dispose();
    }
}
