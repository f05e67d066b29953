using Azure.Core;
using Azure.Core.Pipeline;
using Dashboard.Core.Scaling;
using Dashboard.Tests.AzureBackend;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Dashboard.Tests.ScaleOut;

using Dashboard.ArmEmulator;

/// <summary>
/// Two dashboard servers as a deployment runs them: one database folder, one Redis server, one ARM endpoint, each with
/// its own Core (live store, poller, commands) and its own count of the ARM requests it sent.
/// </summary>
public sealed class ServerPair : IAsyncDisposable
{
    private readonly TempFolder _folder;

    private ServerPair(TempFolder folder, ArmEmulator emulator, Server first, Server second)
    {
        _folder = folder;
        Emulator = emulator;
        First = first;
        Second = second;
    }

    public ArmEmulator Emulator { get; }
    public Server First { get; }
    public Server Second { get; }

    public Server Leader => First.IsLeader ? First : Second.IsLeader ? Second : throw new InvalidOperationException("No server leads.");
    public Server Follower => Leader == First ? Second : First;

    public static async Task<ServerPair> StartAsync(RedisServer redis, Action<ArmEmulator> seed, TimeSpan? latency = null,
        IDictionary<string, string?>? extra = null)
    {
        var emulator = new ArmEmulator(new ArmEmulatorOptions
        {
            SubscriptionId = AzureHarness.Subscription,
            OperationLatency = latency ?? TimeSpan.FromMilliseconds(300),
        });
        seed(emulator);
        var settings = AzureHarness.Settings();
        settings["Cloud:PollSeconds"] = "0.3";
        settings["Redis:Configuration"] = redis.Configuration;
        settings["Redis:Prefix"] = RedisServer.NewPrefix();
        settings["Redis:LeaseSeconds"] = "1";
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
            settings[key] = value;
        var folder = new TempFolder();
        var first = await Server.StartAsync("first", folder, emulator, settings);
        // The first has the lease before the second asks, so which one leads is known.
        await Eventually.TrueAsync(() => first.IsLeader, "the first server takes the polling lease");
        var second = await Server.StartAsync("second", folder, emulator, settings);
        return new ServerPair(folder, emulator, first, second);
    }

    public async ValueTask DisposeAsync()
    {
        await Second.StopAsync();
        await First.StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    /// <summary>One server: its Core and how many ARM requests of each kind it sent.</summary>
    public sealed class Server
    {
        private bool _stopped;

        private Server(string name, CoreHost core, CountingHandler arm)
        {
            Name = name;
            Core = core;
            Arm = arm;
        }

        public string Name { get; }
        public CoreHost Core { get; }
        public CountingHandler Arm { get; }
        public bool IsLeader => !_stopped && Core.Services.GetRequiredService<ILeadership>().IsLeader;
        /// <summary>What the server itself believes, even after it was cut off.</summary>
        public bool IsLeaderNow => Core.Services.GetRequiredService<ILeadership>().IsLeader;

        public static async Task<Server> StartAsync(string name, TempFolder folder, ArmEmulator emulator, Dictionary<string, string?> settings)
        {
            var arm = new CountingHandler(emulator.CreateHandler());
            var core = await CoreHost.StartAsync(folder, settings, services =>
            {
                services.AddSingleton<TokenCredential>(new FixedTokenCredential());
                services.AddSingleton<HttpPipelineTransport>(new HttpClientTransport(arm));
            });
            return new Server(name, core, arm);
        }

        /// <summary>
        /// As if the server died: its Redis connection goes at once (no lease handed over, no message sent) and it
        /// sends nothing more to the cloud.
        /// </summary>
        public async Task CrashAsync()
        {
            Arm.Refuse = true;
            await Core.Services.GetRequiredService<IConnectionMultiplexer>().CloseAsync(allowCommandsToComplete: false);
            _stopped = true;
        }

        internal async Task StopAsync()
        {
            _stopped = true;
            await Core.StopKeepingDataAsync();
        }

        public override string ToString() => Name;
    }
}

/// <summary>Counts the ARM requests one server sends: list calls and power actions.</summary>
public sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private int _lists;
    private int _starts;

    public int Lists => Volatile.Read(ref _lists);
    public int Starts => Volatile.Read(ref _starts);

    /// <summary>A dead server's requests never arrive.</summary>
    public bool Refuse { get; set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Refuse)
            throw new HttpRequestException("This server is down.");
        var path = request.RequestUri?.AbsolutePath ?? "";
        if (request.Method == HttpMethod.Get && path.EndsWith("/virtualMachines", StringComparison.OrdinalIgnoreCase))
            Interlocked.Increment(ref _lists);
        if (request.Method == HttpMethod.Post && path.EndsWith("/start", StringComparison.OrdinalIgnoreCase))
            Interlocked.Increment(ref _starts);
        return base.SendAsync(request, cancellationToken);
    }
}
