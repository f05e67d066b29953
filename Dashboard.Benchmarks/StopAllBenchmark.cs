using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Core.Pipeline;
using Dashboard.Core.Actions;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.Setup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dashboard.Benchmarks;

using Dashboard.ArmEmulator;

public sealed record BenchmarkResult(int RequestsPerPoll, int ReadsPerPoll, double Ratio, int Writes, int Failed);

/// <summary>Runs the dashboard's own Core (Azure backend, real SDK) against the local ARM endpoint.</summary>
public static class StopAllBenchmark
{
    private const string Subscription = "00000000-0000-0000-0000-000000000001";
    private const string ResourceGroup = "bench";

    public static async Task<BenchmarkResult> RunAsync(int vms, TimeSpan latency, int concurrency)
    {
        await using var server = await ArmEmulator.StartAsync(new ArmEmulatorOptions { SubscriptionId = Subscription, OperationLatency = latency });
        for (var i = 1; i <= vms; i++)
        {
            server.Emulator.AddVirtualMachine(ResourceGroup, $"bench-{i:000}", tags: new Dictionary<string, string>
            {
                ["dashboard-session"] = "bench", ["dashboard-role"] = "PoolMember", ["dashboard-kind"] = "MachinePool",
            });
        }

        var data = Directory.CreateTempSubdirectory("dashboard-bench-");
        using var host = BuildHost(server, data.FullName, concurrency);
        await host.StartAsync();
        try
        {
            var monitor = host.Services.GetRequiredService<SessionMonitor>();
            var commands = host.Services.GetRequiredService<MachineCommands>();
            while (monitor.FindSession("bench") is not { } s || s.Machines.Length < vms)
                await Task.Delay(50);

            server.Emulator.ResetCounts();
            await host.Services.GetRequiredService<CloudPoller>().PollOnceAsync(CancellationToken.None);
            var perPoll = server.Emulator.Counts;
            var (requests, reads) = (perPoll.Total, perPoll.Read);

            // One VM's stop, then the whole session's, through the same command path.
            var session = monitor.FindSession("bench")!;
            var one = Stopwatch.StartNew();
            await commands.RunAsync(session.Machines[0].Id, MachineAction.Stop, Dashboard.Core.People.Viewer.System);
            one.Stop();

            server.Emulator.ResetCounts();
            var all = Stopwatch.StartNew();
            var batch = await commands.RunBatchAsync(session.Id, BatchAction.StopAll, Dashboard.Core.People.Viewer.System);
            all.Stop();
            // The first VM was already stopped: the batch stopped vms - 1 machines.
            return new BenchmarkResult(requests, reads, all.Elapsed / one.Elapsed, server.Emulator.Counts.Write, batch.Failed.Count);
        }
        finally
        {
            await host.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            data.Delete(recursive: true);
        }
    }

    private static IHost BuildHost(ArmEmulatorServer server, string dataFolder, int concurrency)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = dataFolder });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cloud:Provider"] = "Azure",
            ["Cloud:PollSeconds"] = "3600",
            ["Cloud:BatchConcurrency"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Database:DataDirectory"] = dataFolder,
            ["Azure:SubscriptionId"] = Subscription,
            ["Azure:ResourceGroup"] = ResourceGroup,
            ["Azure:Location"] = "westeurope",
            ["Azure:ResourceManagerEndpoint"] = server.Endpoint.ToString(),
            ["Azure:Audience"] = server.Endpoint.ToString(),
            ["Azure:SubnetId"] = $"/subscriptions/{Subscription}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default",
            ["Azure:SshPublicKey"] = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA bench",
        });
        // Only the figures belong on the console: the throwaway host has no admin and no key encryption, by design.
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.Services.AddSingleton<TokenCredential>(new BenchmarkCredential());
        builder.Services.AddSingleton<HttpPipelineTransport>(new HttpClientTransport(TrustOnly(server.Certificate)));
        builder.Services.AddDashboardCore(builder.Configuration, dataFolder);
        return builder.Build();
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
