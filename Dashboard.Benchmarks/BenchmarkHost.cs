using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Core.Pipeline;
using Dashboard.Core.Setup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dashboard.Benchmarks;

using Dashboard.ArmEmulator;

/// <summary>The dashboard's Core on the Azure backend (real SDK), aimed at a local ARM endpoint, on a throwaway folder.</summary>
public sealed class BenchmarkHost : IDisposable
{
    public const string Subscription = "00000000-0000-0000-0000-000000000001";
    public const string ResourceGroup = "bench";

    private readonly DirectoryInfo _data;
    private readonly bool _ownsData;

    private BenchmarkHost(IHost host, DirectoryInfo data, bool ownsData)
    {
        Host = host;
        _data = data;
        _ownsData = ownsData;
    }

    public IHost Host { get; }

    /// <param name="shared">A data folder another host uses too (two servers, one database); the caller deletes it.</param>
    public static BenchmarkHost Start(ArmEmulatorServer server, IDictionary<string, string?>? settings = null, DirectoryInfo? shared = null)
    {
        var data = shared ?? Directory.CreateTempSubdirectory("dashboard-bench-");
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = data.FullName });
        builder.Configuration.Sources.Clear();
        var values = AzureSettings(server);
        values["Database:DataDirectory"] = data.FullName;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            values[key] = value;
        builder.Configuration.AddInMemoryCollection(values);
        // Only the figures belong on the console: the throwaway host has no admin and no key encryption, by design.
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        UseEndpoint(builder.Services, server);
        builder.Services.AddDashboardCore(builder.Configuration, data.FullName);
        var host = builder.Build();
        host.StartAsync().GetAwaiter().GetResult();
        return new BenchmarkHost(host, data, ownsData: shared is null);
    }

    /// <summary>The Azure backend aimed at the local ARM endpoint.</summary>
    public static Dictionary<string, string?> AzureSettings(ArmEmulatorServer server) => new()
    {
        ["Cloud:Provider"] = "Azure",
        ["Azure:SubscriptionId"] = Subscription,
        ["Azure:ResourceGroup"] = ResourceGroup,
        ["Azure:Location"] = "westeurope",
        ["Azure:ResourceManagerEndpoint"] = server.Endpoint.ToString(),
        ["Azure:Audience"] = server.Endpoint.ToString(),
        ["Azure:SubnetId"] = $"/subscriptions/{Subscription}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default",
        ["Azure:SshPublicKey"] = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA bench",
    };

    /// <summary>The SDK talks to the local endpoint, trusting exactly its certificate, with a token it accepts.</summary>
    public static void UseEndpoint(IServiceCollection services, ArmEmulatorServer server)
    {
        services.AddSingleton<TokenCredential>(new BenchmarkCredential());
        services.AddSingleton<HttpPipelineTransport>(new HttpClientTransport(TrustOnly(server.Certificate)));
    }

    public void Dispose()
    {
        Host.StopAsync().GetAwaiter().GetResult();
        Host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsData)
            _data.Delete(recursive: true);
    }

    // The endpoint's certificate is generated per run: trust exactly that one, nothing else.
    private static HttpClientHandler TrustOnly(X509Certificate2 certificate) => new()
    {
        MaxConnectionsPerServer = 256,
        ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
    };

    private sealed class BenchmarkCredential : TokenCredential
    {
        private static readonly AccessToken Token = new("benchmark", DateTimeOffset.UtcNow.AddHours(1));
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => Token;
        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(Token);
    }
}
