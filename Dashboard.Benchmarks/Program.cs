using Dashboard.Benchmarks;

// Prints, for 10, 100 and 500 VMs on the local ARM endpoint with a fixed operation latency:
// ARM requests per poll cycle, and Stop All's wall time divided by one VM's operation time.
var latency = TimeSpan.FromSeconds(args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1);
Console.WriteLine($"Local ARM endpoint over HTTPS, operation latency {latency.TotalSeconds:0.##} s, list page size 50, Stop All concurrency 20.");
Console.WriteLine();
Console.WriteLine("| VMs | ARM requests per poll cycle | per-VM reads per cycle | Stop All ÷ one VM's stop | ARM writes in Stop All | failed |");
Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
foreach (var count in new[] { 10, 100, 500 })
{
    var result = await StopAllBenchmark.RunAsync(count, latency, concurrency: 20);
    Console.WriteLine($"| {count} | {result.RequestsPerPoll} | {result.ReadsPerPoll} | {result.Ratio:0.0} | {result.Writes} | {result.Failed} |");
}

var sequential = await StopAllBenchmark.RunAsync(10, latency, concurrency: 1);
Console.WriteLine();
Console.WriteLine($"For comparison, 10 VMs stopped one after another (concurrency 1): Stop All ÷ one VM's stop = {sequential.Ratio:0.0}.");
