using System.Diagnostics;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Dashboard.ArmEmulator;
using Dashboard.Core.Spot;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Benchmarks;

/// <summary>
/// From a Spot eviction in the ARM endpoint to the Spot event that raises the notification in open pages, by the
/// polling path (the next list call, every Azure:PollSeconds) and by the queue path (a Resource Health event in an
/// Azure Storage queue, here Azurite, put there the moment the VM is evicted as Event Grid would).
/// </summary>
public static class EvictionAlertScenario
{
    private const int Evictions = 10;
    private const double PollSeconds = 5;

    public static async Task RunAsync()
    {
        Console.WriteLine("## Eviction to alert: polling path and queue path");
        Console.WriteLine();
        Console.WriteLine($"{Evictions} evictions each, one at a time, Azure:PollSeconds = {PollSeconds}; the Azure backend (real SDK) against the local ARM endpoint.");
        Console.WriteLine();
        Console.WriteLine("| path | evictions | p50 | p95 | max |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        var polled = await MeasureAsync(null);
        Row("polling", polled);
        using var azurite = await AzuriteProcess.StartAsync();
        if (azurite is null)
            return;
        var queued = await MeasureAsync(azurite);
        Row("Resource Health queue", queued);
        Console.WriteLine();
        Console.WriteLine($"The queue path takes {Show.Number(Stats.Percentile(queued, 50) / Stats.Percentile(polled, 50), "0.00")} of the polling path's median time.");
    }

    private static void Row(string path, List<double> ms) =>
        Console.WriteLine($"| {path} | {ms.Count} | {Show.Ms(Stats.Percentile(ms, 50))} | {Show.Ms(Stats.Percentile(ms, 95))} | {Show.Ms(ms.Max())} |");

    private static async Task<List<double>> MeasureAsync(AzuriteProcess? azurite)
    {
        Show.Progress($"eviction alerts: {(azurite is null ? "polling" : "queue")} path");
        await using var server = await ArmEmulator.ArmEmulator.StartAsync(new ArmEmulatorOptions { SubscriptionId = BenchmarkHost.Subscription, OperationLatency = TimeSpan.FromMilliseconds(200) });
        const string session = "alerts";
        for (var i = 1; i <= Evictions; i++)
            server.Emulator.AddVirtualMachine(BenchmarkHost.ResourceGroup, $"{session}-{i:000}", spot: true, evictionPolicy: "Deallocate",
                tags: BenchmarkAdoption.PoolTags(session));
        QueueClient? queue = null;
        var settings = new Dictionary<string, string?> { ["Azure:PollSeconds"] = PollSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (azurite is not null)
        {
            queue = new QueueClient(azurite.ConnectionString, "resource-health", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
            await queue.CreateIfNotExistsAsync();
            settings["Azure:ResourceHealthQueue:ConnectionString"] = azurite.ConnectionString;
            settings["Azure:ResourceHealthQueue:QueueName"] = queue.Name;
            settings["Azure:ResourceHealthQueue:EmptyWaitSeconds"] = "0.1";
        }

        using var host = BenchmarkHost.Start(server, settings);
        await BenchmarkAdoption.AdoptAsync(host.Host.Services, session, Evictions, TimeSpan.FromMinutes(2));
        var events = host.Host.Services.GetRequiredService<SpotEvents>().Subscribe();
        var times = new List<double>();
        for (var i = 1; i <= Evictions; i++)
        {
            var name = $"{session}-{i:000}";
            // Evictions land at random points of the poll cycle, as real ones do.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)(PollSeconds * 1000))));
            var clock = Stopwatch.StartNew();
            await server.Emulator.EvictAsync(name);
            if (queue is not null)
                await queue.SendMessageAsync(Preempted(server.Emulator.VirtualMachineId(BenchmarkHost.ResourceGroup, name)));
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(PollSeconds * 6));
            while ((await events.ReadAsync(limit.Token)) is not { Kind: SpotEventKind.Evicted } raised || raised.MachineName != name)
            {
            }

            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        return times;
    }

    // An Event Grid-schema Resource Health annotation, as Event Grid delivers it to a Storage queue.
    private static string Preempted(string vmId)
    {
        var now = DateTimeOffset.UtcNow.ToString("O");
        var id = Guid.NewGuid().ToString();
        return new JsonObject
        {
            ["id"] = id,
            ["topic"] = $"/subscriptions/{BenchmarkHost.Subscription}",
            ["subject"] = vmId,
            ["eventType"] = "Microsoft.ResourceNotifications.HealthResources.ResourceAnnotated",
            ["eventTime"] = now,
            ["dataVersion"] = "1",
            ["metadataVersion"] = "1",
            ["data"] = new JsonObject
            {
                ["resourceInfo"] = new JsonObject
                {
                    ["id"] = $"{vmId}/providers/Microsoft.ResourceHealth/resourceAnnotations/{id}",
                    ["name"] = id,
                    ["type"] = "Microsoft.ResourceHealth/resourceAnnotations",
                    ["properties"] = new JsonObject
                    {
                        ["targetResourceId"] = vmId,
                        ["targetResourceType"] = "Microsoft.Compute/virtualMachines",
                        ["annotationName"] = "VirtualMachinePreempted",
                        ["occurredTime"] = now,
                    },
                },
                ["operationalInfo"] = new JsonObject { ["resourceEventTime"] = now },
                ["apiVersion"] = "2023-12-01",
            },
        }.ToJsonString();
    }
}
