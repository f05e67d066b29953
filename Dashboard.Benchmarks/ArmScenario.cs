using System.Globalization;

namespace Dashboard.Benchmarks;

/// <summary>
/// <c>arm</c>: Start All, Stop All, Terminate All and creating a session of N VMs against the local ARM endpoint
/// enforcing Azure's limits. <c>poll</c>: what one poll cycle costs, on an endpoint without limits.
/// </summary>
public static class ArmScenario
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task RunBatchesAsync(string[] rest)
    {
        var vms = rest.Length > 0 ? int.Parse(rest[0], Inv) : 500;
        var latency = TimeSpan.FromSeconds(rest.Length > 1 ? double.Parse(rest[1], Inv) : 10);
        Console.WriteLine($"Batches of {vms} VMs against the local ARM endpoint enforcing Azure's limits (writes and deletes 200 burst, 10/s; reads 250, 25/s), operation {latency.TotalSeconds:0.#} s, poll every 2 s while busy:");
        Console.WriteLine();
        Console.WriteLine("| scenario | VMs | wall s | bound s | wall ÷ bound | 429s | operation status reads | single-VM reads | list pages | writes | deletes | failed |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var f in await ArmBatchBenchmark.RunAsync(vms, latency))
        {
            var c = f.Counts;
            Console.WriteLine(string.Create(Inv, $"| {f.Scenario} | {f.Machines} | {f.Seconds:0.0} | {f.Bound:0.0} | {f.Seconds / f.Bound:0.00} | {c.Throttled} | {c.OperationPolls} | {c.Read} | {c.List} | {c.Write - c.Delete} | {c.Delete} | {f.Failed} |"));
        }

        Console.WriteLine();
        Console.WriteLine("bound = 1.2 × (one operation + writes beyond the 200 burst ÷ 10 per s); creating a machine costs two writes (NIC, VM).");
    }

    public static async Task RunPollAsync()
    {
        var latency = TimeSpan.FromSeconds(1);
        Console.WriteLine("Unthrottled local ARM endpoint, operation 1 s, list page size 50:");
        Console.WriteLine();
        Console.WriteLine("| VMs | ARM requests per poll cycle | per-VM reads per cycle | Stop All ÷ one VM's stop | ARM writes in Stop All | failed |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var count in new[] { 10, 100, 500 })
        {
            var result = await StopAllBenchmark.RunAsync(count, latency);
            Console.WriteLine(string.Create(Inv, $"| {count} | {result.RequestsPerPoll} | {result.ReadsPerPoll} | {result.Ratio:0.0} | {result.Writes} | {result.Failed} |"));
        }
    }
}
