using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Dashboard.Tests.Support;

/// <summary>
/// A real redis-server from Debian's packages (test.sh installs it), on a free loopback port, without persistence.
/// One per test collection; tests keep apart by key prefix.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private Process? _process;

    public int Port { get; private set; }

    /// <summary>The StackExchange.Redis configuration string servers are given.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>A prefix no other test uses.</summary>
    public static string NewPrefix() => $"test-{Guid.NewGuid():N}"[..17];

    public async Task InitializeAsync()
    {
        Port = FreePort();
        var start = new ProcessStartInfo("redis-server", $"--port {Port} --bind 127.0.0.1 --save \"\" --appendonly no")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start; run ./test.sh, which installs it.");
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await using var probe = await ConnectionMultiplexer.ConnectAsync(Configuration);
                return probe.IsConnected;
            }
            catch (RedisConnectionException)
            {
                return false;
            }
        }, "redis-server answers");
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
            _process.Kill();
        _process?.Dispose();
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServer>
{
    public const string Name = "Redis";
}
