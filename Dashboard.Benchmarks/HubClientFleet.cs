using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Dashboard.Benchmarks;

/// <summary>What the fleet measured in one window, sent back to the fan-out scenario as one JSON line.</summary>
public sealed record FleetWindow(int Clients, int Closed, int ReachedTarget, int Samples, double P50Ms, double P95Ms, double MaxMs,
    double LastReachedSeconds, double CpuSeconds);

/// <summary>
/// The fan-out scenario's hub clients, in a process of their own so that their CPU is not counted as the server's.
/// Arguments: base URL, client count, session name, optionally <c>deltas</c>; standard input: the cookie header, then one command a line:
/// <c>measure &lt;state&gt; &lt;timeout-seconds&gt;</c> (answers <c>measuring</c>, then <c>result {json}</c> once every
/// client saw every machine in that state, or at the timeout) and <c>quit</c>.
/// </summary>
public static class HubClientFleet
{
    public const string Command = "hub-clients";

    public static async Task<int> RunAsync(string[] args)
    {
        var baseUrl = new Uri(args[0]);
        var count = int.Parse(args[1], CultureInfo.InvariantCulture);
        var session = args[2];
        var deltas = args.Length > 3 && args[3] == "deltas";
        var cookieHeader = await Console.In.ReadLineAsync() ?? "";
        // Half watch everything, half the one session by name: both paths of the hub.
        var clients = Enumerable.Range(0, count).Select(i => new FleetClient(baseUrl, cookieHeader, session, watchAll: i % 2 == 0, deltas)).ToList();
        using (var connecting = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
            await Parallel.ForEachAsync(clients, new ParallelOptions { MaxDegreeOfParallelism = 10, CancellationToken = connecting.Token },
                async (client, ct) => await client.StartAsync(ct));
        Console.WriteLine($"ready {clients.Count}");

        while (await Console.In.ReadLineAsync() is { } line)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words is ["measure", var state, var seconds])
                await MeasureAsync(clients, state, TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture)));
            else if (words is ["quit"])
                break;
        }

        foreach (var client in clients)
            await client.DisposeAsync();
        return 0;
    }

    private static async Task MeasureAsync(List<FleetClient> clients, string state, TimeSpan timeout)
    {
        var cpuBefore = ProcessFigures.Cpu();
        foreach (var client in clients)
            client.BeginWindow(state);
        Console.WriteLine("measuring");
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout && clients.Any(c => !c.IsClosed && c.Window().ReachedTarget is null))
            await Task.Delay(100);

        var windows = clients.Select(c => c.Window()).ToList();
        var latencies = windows.SelectMany(w => w.LatenciesMs).ToList();
        var reached = windows.Where(w => w.ReachedTarget is not null).ToList();
        var result = new FleetWindow(clients.Count, clients.Count(c => c.IsClosed), reached.Count, latencies.Count,
            Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 95), latencies.Count == 0 ? double.NaN : latencies.Max(),
            reached.Count == 0 ? double.NaN : reached.Max(w => w.ReachedTarget!.Value.TotalSeconds),
            (ProcessFigures.Cpu() - cpuBefore).TotalSeconds);
        Console.WriteLine("result " + JsonSerializer.Serialize(result, FleetJson.Options));
    }
}

public static class FleetJson
{
    // NaN (no samples) must survive the trip.
    public static JsonSerializerOptions Options { get; } = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
