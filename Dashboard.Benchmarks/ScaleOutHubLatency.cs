using System.Diagnostics;
using Dashboard.ArmEmulator;
using Dashboard.Client;
using Dashboard.Core.Api;
using Dashboard.Core.People;
using Dashboard.Core.Scaling;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Benchmarks;

/// <summary>
/// Two whole dashboard apps sharing one database and one Redis, a typed hub client on each (signed in with a personal
/// access token): a change made on the first, timed until the client on the same server and the client on the other
/// server have it. The difference is what the second server adds.
/// </summary>
public static class ScaleOutHubLatency
{
    public static async Task RunAsync(ArmEmulatorServer arm, Dictionary<string, string?> settings, string session, int changes)
    {
        Show.Progress("scale-out: change-to-receipt at hub clients on both servers");
        var folder = Directory.CreateTempSubdirectory("dashboard-bench-apps-");
        var values = BenchmarkHost.AzureSettings(arm);
        foreach (var (key, value) in settings)
            values[key] = value;
        values["Database:DataDirectory"] = folder.FullName;
        await using (var first = App(values, arm))
        {
            var firstUrl = first.StartOnKestrel();
            await Wait.UntilAsync(() => first.Services.GetRequiredService<ILeadership>().IsLeader, "the first app leads", TimeSpan.FromSeconds(30));
            await BenchmarkAdoption.AdoptAsync(first.Services, session, 40, TimeSpan.FromSeconds(60));
            await using var second = App(values, arm);
            var secondUrl = second.StartOnKestrel();
            var token = await TokenAsync(first.Services);
            await using var near = SessionsHubClient.WithToken(firstUrl, token);
            await using var far = SessionsHubClient.WithToken(secondUrl, token);
            foreach (var client in new[] { near, far })
            {
                await client.StartAsync();
                await client.WatchAsync(session);
            }

            var (nearMs, farMs) = await MeasureAsync(first, near, far, session, changes);
            Console.WriteLine($"The same change timed at a hub client on each server ({changes} changes, one at a time, from the call that makes it "
                + "on the first server):");
            Console.WriteLine();
            Console.WriteLine("| hub client on | changes | p50 | p95 | max |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            Row("the same server", nearMs);
            Row("the other server", farMs);
            Console.WriteLine();
            Console.WriteLine($"Median on the other server ÷ on the same server: {Show.Number(Stats.Median(farMs) / Stats.Median(nearMs), "0.00")}. "
                + "Both are mostly the hub's batching window (250 ms), whose phase differs per server; what the second server adds is the "
                + "store-to-store time above.");
        }

        folder.Delete(recursive: true);
    }

    private static async Task<(List<double> Near, List<double> Far)> MeasureAsync(BenchmarkApp origin, SessionsHubClient near, SessionsHubClient far,
        string session, int changes)
    {
        var sessionId = origin.Monitor.FindSession(session)!.Id;
        var nearMs = new List<double>();
        var farMs = new List<double>();
        for (var i = 0; i < changes; i++)
        {
            var allowed = !origin.Monitor.FindSession(sessionId)!.StudentsMayStartStop;
            var clock = Stopwatch.StartNew();
            var nearSeen = Arrival(near, session, allowed, clock);
            var farSeen = Arrival(far, session, allowed, clock);
            await origin.Monitor.SetStudentsMayStartStopAsync(sessionId, allowed);
            nearMs.Add(await nearSeen.WaitAsync(TimeSpan.FromSeconds(10)));
            farMs.Add(await farSeen.WaitAsync(TimeSpan.FromSeconds(10)));
        }

        return (nearMs, farMs);
    }

    // Completes with the milliseconds on the clock when the client first shows the session with that setting.
    private static Task<double> Arrival(SessionsHubClient client, string session, bool allowed, Stopwatch clock)
    {
        var arrived = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(SessionDto changed)
        {
            if (changed.Name == session && changed.StudentsMayStartStop == allowed && arrived.TrySetResult(clock.Elapsed.TotalMilliseconds))
                client.SessionChanged -= OnChanged;
        }

        client.SessionChanged += OnChanged;
        return arrived.Task;
    }

    private static void Row(string label, List<double> ms) =>
        Console.WriteLine($"| {label} | {ms.Count} | {Fine(Stats.Percentile(ms, 50))} | {Fine(Stats.Percentile(ms, 95))} | {Fine(ms.Max())} |");

    private static string Fine(double ms) => Show.Number(ms, "0.0") + " ms";

    private static async Task<string> TokenAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var owner = await scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>().FindByNameAsync(BenchmarkAdoption.Owner)
            ?? throw new InvalidOperationException("The session's owner has no account.");
        var created = await services.GetRequiredService<AccessTokens>().CreateAsync(owner.Id, "benchmark", [ApiScopes.Read], DateTimeOffset.UtcNow.AddDays(1));
        return created.Secret;
    }

    private static BenchmarkApp App(Dictionary<string, string?> settings, ArmEmulatorServer arm) =>
        new(settings) { ExtraServices = services => BenchmarkHost.UseEndpoint(services, arm) };
}
