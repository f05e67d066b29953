using System.Diagnostics;
using Dashboard.ArmEmulator;
using Dashboard.Core.Live;
using Dashboard.Core.Scaling;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Dashboard.Benchmarks;

/// <summary>
/// Two servers, one database, one Redis, one ARM endpoint. Failover: the leader dies (its Redis connection is cut, as
/// when its machine goes) or stops cleanly, and the time until the other holds the lease and has listed the cloud is
/// measured in poll intervals. Latency: a change made on one server until the other has shown it.
/// </summary>
public static class ScaleOutScenario
{
    private const double PollSeconds = 2;
    private const int Rounds = 3;
    private const int Changes = 200;
    private const string Session = "scale";

    public static async Task RunAsync()
    {
        Console.WriteLine("## Two servers: failover and change-to-receipt latency");
        Console.WriteLine();
        using var redis = await RedisProcess.StartAsync();
        if (redis is null)
            return;
        await using var arm = await ArmEmulator.ArmEmulator.StartAsync(new ArmEmulatorOptions
        {
            SubscriptionId = BenchmarkHost.Subscription, OperationLatency = TimeSpan.FromMilliseconds(200),
        });
        foreach (var session in new[] { Session, "hubs" })
        {
            for (var i = 1; i <= 40; i++)
                arm.Emulator.AddVirtualMachine(BenchmarkHost.ResourceGroup, $"{session}-{i:000}", tags: BenchmarkAdoption.PoolTags(session));
        }

        Console.WriteLine($"Azure:PollSeconds = {PollSeconds}, the lease as long as one poll interval (the default); 40 VMs; {Rounds} rounds each.");
        Console.WriteLine();
        Console.WriteLine("| leader | takeover (lease held) p50 | max | first listing by the new leader p50 | max | in poll intervals (max) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var crash in new[] { true, false })
        {
            var held = new List<double>();
            var listed = new List<double>();
            for (var round = 0; round < Rounds; round++)
            {
                var (lease, list) = await FailOverAsync(arm, redis, crash);
                held.Add(lease);
                listed.Add(list);
            }

            Console.WriteLine($"| {(crash ? "dies (connection cut)" : "stops cleanly")} | {Show.Ms(Stats.Median(held))} | {Show.Ms(held.Max())} "
                + $"| {Show.Ms(Stats.Median(listed))} | {Show.Ms(listed.Max())} | {Show.Number(listed.Max() / (PollSeconds * 1000), "0.00")} |");
        }

        Console.WriteLine();
        await MeasureLatencyAsync(arm, redis);
        Console.WriteLine();
        await ScaleOutHubLatency.RunAsync(arm, Settings(redis), "hubs", 100);
    }

    private static async Task<(double Lease, double Listed)> FailOverAsync(ArmEmulatorServer arm, RedisProcess redis, bool crash)
    {
        Show.Progress($"scale-out: failover, leader {(crash ? "dies" : "stops")}");
        var folder = Directory.CreateTempSubdirectory("dashboard-bench-pair-");
        var settings = Settings(redis);
        var first = BenchmarkHost.Start(arm, settings, folder);
        await Wait.UntilAsync(() => IsLeader(first), "the first server leads", TimeSpan.FromSeconds(30));
        var second = BenchmarkHost.Start(arm, settings, folder);
        await Task.Delay(TimeSpan.FromSeconds(PollSeconds));

        var clock = Stopwatch.StartNew();
        var stoppedAt = DateTimeOffset.UtcNow;
        if (crash)
            await first.Host.Services.GetRequiredService<IConnectionMultiplexer>().CloseAsync(allowCommandsToComplete: false);
        else
            await first.Host.StopAsync();
        await Wait.UntilAsync(() => IsLeader(second), "the second server takes over", TimeSpan.FromSeconds(60));
        var lease = clock.Elapsed.TotalMilliseconds;
        var monitor = second.Host.Services.GetRequiredService<SessionMonitor>();
        await Wait.UntilAsync(() => monitor.Health.LastSuccess > stoppedAt && IsLeader(second), "the new leader lists", TimeSpan.FromSeconds(60));
        var listed = clock.Elapsed.TotalMilliseconds;

        second.Dispose();
        first.Dispose();
        folder.Delete(recursive: true);
        return (lease, listed);
    }

    private static async Task MeasureLatencyAsync(ArmEmulatorServer arm, RedisProcess redis)
    {
        Show.Progress("scale-out: change-to-receipt latency");
        var folder = Directory.CreateTempSubdirectory("dashboard-bench-pair-");
        var settings = Settings(redis);
        using (var first = BenchmarkHost.Start(arm, settings, folder))
        {
            await Wait.UntilAsync(() => IsLeader(first), "the first server leads", TimeSpan.FromSeconds(30));
            await BenchmarkAdoption.AdoptAsync(first.Host.Services, Session, 40, TimeSpan.FromSeconds(60));
            using var second = BenchmarkHost.Start(arm, settings, folder);
            var secondMonitor = second.Host.Services.GetRequiredService<SessionMonitor>();
            await Wait.UntilAsync(() => secondMonitor.FindSession(Session) is not null, "the second shows the session", TimeSpan.FromSeconds(30));

            Console.WriteLine($"A session setting changed {Changes} times on one server, one change at a time, until the other server's live store has it "
                + "(its pages and hub connections are told in the same step); 40 machines in the session.");
            Console.WriteLine();
            Console.WriteLine("| direction | changes | p50 | p95 | max |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            await DirectionAsync("leader → follower", first, second);
            await DirectionAsync("follower → leader", second, first);
        }

        folder.Delete(recursive: true);
    }

    private static async Task DirectionAsync(string label, BenchmarkHost from, BenchmarkHost to)
    {
        var source = from.Host.Services.GetRequiredService<SessionMonitor>();
        var target = to.Host.Services.GetRequiredService<SessionMonitor>();
        var feed = to.Host.Services.GetRequiredService<RedisPeerFeed>();
        var sessionId = source.FindSession(Session)!.Id;
        var samples = new List<double>();
        for (var i = 0; i < Changes; i++)
        {
            var allowed = source.FindSession(sessionId)!.StudentsMayStartStop;
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnApplied(PeerMessage _)
            {
                if (target.FindSession(sessionId)?.StudentsMayStartStop == !allowed)
                    seen.TrySetResult();
            }

            feed.Applied += OnApplied;
            var clock = Stopwatch.StartNew();
            await source.SetStudentsMayStartStopAsync(sessionId, !allowed);
            await seen.Task.WaitAsync(TimeSpan.FromSeconds(10));
            samples.Add(clock.Elapsed.TotalMilliseconds);
            feed.Applied -= OnApplied;
        }

        Console.WriteLine($"| {label} | {Changes} | {Fine(Stats.Percentile(samples, 50))} | {Fine(Stats.Percentile(samples, 95))} | {Fine(samples.Max())} |");
    }

    private static string Fine(double ms) => Show.Number(ms, "0.0") + " ms";

    private static bool IsLeader(BenchmarkHost host) => host.Host.Services.GetRequiredService<ILeadership>().IsLeader;

    private static Dictionary<string, string?> Settings(RedisProcess redis) => new()
    {
        ["Azure:PollSeconds"] = PollSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Redis:Configuration"] = redis.Configuration,
        ["Redis:Prefix"] = $"bench-{Guid.NewGuid():N}"[..14],
    };
}
