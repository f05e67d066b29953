using System.Diagnostics;
using Azure.Storage.Queues;
using Dashboard.Core.Cloud;
using Dashboard.Core.Cloud.Azure.ResourceHealth;
using Dashboard.Core.Domain;
using Dashboard.Tests.AzureBackend;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.ResourceHealth;

using Dashboard.ArmEmulator;

/// <summary>
/// Resource Health events in a real Storage queue (Azurite) make an eviction show before the next poll. The poll
/// runs once at start and then once an hour, so only the queue can explain a change within the test.
/// </summary>
public sealed class ResourceHealthQueueTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Dictionary<string, string> SparkWorker = AzureHarness.CreatedTags("spark", "Worker", "BigDataCluster");
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(EventSchema.EventGrid, true, "preempted")]
    [InlineData(EventSchema.EventGrid, false, "unavailable")]
    [InlineData(EventSchema.CloudEvents, true, "unavailable")]
    [InlineData(EventSchema.CloudEvents, false, "preempted")]
    public async Task An_event_about_an_evicted_spot_vm_shows_it_evicted_before_the_next_poll_and_leaves_the_queue(
        EventSchema schema, bool base64, string kind)
    {
        var queue = await azurite.CreateQueueAsync();
        await using var azure = await StartAsync(queue, arm => SeedCluster(arm, 2));
        var worker = (await azure.AdoptAsync("spark", 3)).Machines.Single(m => m.Name == "spark-worker-001");

        await azure.Emulator.EvictAsync("spark-worker-001");
        await queue.SendMessageAsync(kind == "preempted"
            ? HealthEventMessages.Preempted(worker.CloudId!, schema, base64)
            : HealthEventMessages.Unavailable(worker.CloudId!, schema, base64));

        await Eventually.TrueAsync(() => StateOf(azure, "spark-worker-001") == MachineState.Evicted, "the worker shows evicted", Quickly);
        Assert.Equal(MachineState.Running, StateOf(azure, "spark-worker-002"));
        await Eventually.TrueAsync(() => IsEmptyAsync(queue), "the message is deleted", Quickly);
        Assert.True(azure.Core.Monitor.FindSession("spark")!.HasReducedCapacity);
    }

    [Fact]
    public async Task Malformed_messages_are_deleted_and_the_next_event_is_still_handled()
    {
        var queue = await azurite.CreateQueueAsync();
        await using var azure = await StartAsync(queue, arm => SeedCluster(arm, 1));
        var worker = (await azure.AdoptAsync("spark", 2)).Machines.Single(m => m.Name == "spark-worker-001");

        await queue.SendMessageAsync("not an event");
        await queue.SendMessageAsync(Convert.ToBase64String("{\"eventType\": "u8.ToArray()));
        await Eventually.TrueAsync(() => IsEmptyAsync(queue), "the malformed messages are deleted", Quickly);
        await azure.Emulator.EvictAsync("spark-worker-001");
        await queue.SendMessageAsync(HealthEventMessages.Preempted(worker.CloudId!, EventSchema.EventGrid, base64: true));

        await Eventually.TrueAsync(() => StateOf(azure, "spark-worker-001") == MachineState.Evicted, "the worker shows evicted", Quickly);
        await Eventually.TrueAsync(() => IsEmptyAsync(queue), "the event is deleted", Quickly);
        Assert.True(azure.Core.IsRunning);
        Assert.False(azure.Core.Monitor.Health.HasQueueProblem);
    }

    [Fact]
    public async Task An_event_about_a_vm_no_session_holds_changes_nothing_and_reads_nothing()
    {
        var queue = await azurite.CreateQueueAsync();
        await using var azure = await StartAsync(queue, arm =>
        {
            SeedCluster(arm, 1);
            arm.AddVirtualMachine(AzureHarness.ResourceGroup, "stranger-01", spot: true, evictionPolicy: "Deallocate",
                tags: AzureHarness.CreatedTags("other", "Worker", "BigDataCluster"));
        });
        await azure.AdoptAsync("spark", 2);
        await azure.Emulator.EvictAsync("stranger-01");
        azure.Emulator.ResetCounts();

        await queue.SendMessageAsync(HealthEventMessages.Preempted(((ICloud)azure.Cloud).IdFor("stranger-01"), EventSchema.CloudEvents, base64: true));

        await Eventually.TrueAsync(() => IsEmptyAsync(queue), "the message is deleted", Quickly);
        Assert.Equal(0, azure.Emulator.Counts.Total);
        Assert.All(azure.Core.Monitor.Sessions.SelectMany(s => s.Machines), m => Assert.Equal(MachineState.Running, m.State));
        Assert.Null(azure.Core.Monitor.FindSession("other"));
    }

    [Fact]
    public async Task Two_hundred_evictions_at_once_show_quickly_with_one_direct_read_per_vm_at_most_per_message()
    {
        const int workers = 200;
        var queue = await azurite.CreateQueueAsync();
        await using var azure = await StartAsync(queue, arm => SeedCluster(arm, workers));
        var spark = await azure.AdoptAsync("spark", workers + 1, TimeSpan.FromSeconds(60));
        var spot = spark.Machines.Where(m => m.IsSpot).ToList();
        await Task.WhenAll(spot.Select(m => azure.Emulator.EvictAsync(m.Name)));
        azure.Emulator.ResetCounts();
        var watch = Stopwatch.StartNew();

        // Azure sends both events for each VM: the availability change and the annotation.
        foreach (var machine in spot)
        {
            await queue.SendMessageAsync(HealthEventMessages.Unavailable(machine.CloudId!, EventSchema.EventGrid, base64: true));
            await queue.SendMessageAsync(HealthEventMessages.Preempted(machine.CloudId!, EventSchema.EventGrid, base64: true));
        }

        await Eventually.TrueAsync(() => azure.Core.Monitor.FindSession("spark")!.Machines.Count(m => m.State == MachineState.Evicted) == workers,
            "every worker shows evicted", TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(() => IsEmptyAsync(queue), "every message is deleted", Quickly);
        var counts = azure.Emulator.Counts;
        Assert.InRange(counts.Read, workers, 2 * workers);
        Assert.Equal(0, counts.List);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task One_receive_takes_32_messages_and_reads_each_vm_they_name_once()
    {
        // The hosted reader is not set up here: this test hands one full queue to one batch.
        var queue = await azurite.CreateQueueAsync();
        await using var azure = await AzureHarness.StartAsync(arm => SeedCluster(arm, 20), settings: new Dictionary<string, string?>
        {
            ["Cloud:PollSeconds"] = "3600",
            ["Cloud:BusyPollSeconds"] = "3600",
        });
        var spot = (await azure.AdoptAsync("spark", 21)).Machines.Where(m => m.IsSpot).OrderBy(m => m.Name).Take(16).ToList();
        await Task.WhenAll(spot.Select(m => azure.Emulator.EvictAsync(m.Name)));
        foreach (var machine in spot)
        {
            await queue.SendMessageAsync(HealthEventMessages.Unavailable(machine.CloudId!, EventSchema.CloudEvents, base64: true));
            await queue.SendMessageAsync(HealthEventMessages.Preempted(machine.CloudId!, EventSchema.CloudEvents, base64: true));
        }
        await queue.SendMessageAsync("one more, handled by the next receive");
        azure.Emulator.ResetCounts();
        var reader = ActivatorUtilities.CreateInstance<ResourceHealthQueueConsumer>(azure.Core.Services);

        var handled = await reader.HandleBatchAsync(queue, CancellationToken.None);

        Assert.Equal(ResourceHealthQueueConsumer.MaxMessages, handled);
        Assert.Equal(16, azure.Emulator.Counts.Read);
        Assert.Equal(16, azure.Core.Monitor.FindSession("spark")!.Machines.Count(m => m.State == MachineState.Evicted));
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_queue_that_cannot_be_read_is_a_health_problem_until_it_can_and_the_host_keeps_running()
    {
        var queue = new QueueClient(azurite.ConnectionString, $"missing-{Guid.NewGuid():N}", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        await using var azure = await StartAsync(queue, arm => SeedCluster(arm, 1));
        var worker = (await azure.AdoptAsync("spark", 2)).Machines.Single(m => m.Name == "spark-worker-001");

        await Eventually.TrueAsync(() => azure.Core.Monitor.Health.HasQueueProblem, "the queue shows as a health problem", Quickly);
        Assert.Contains("404", azure.Core.Monitor.Health.QueueError);
        Assert.NotNull(azure.Core.Monitor.Health.QueueFailingSince);
        Assert.True(azure.Core.IsRunning);

        await queue.CreateAsync();
        await azure.Emulator.EvictAsync("spark-worker-001");
        await queue.SendMessageAsync(HealthEventMessages.Unavailable(worker.CloudId!, EventSchema.CloudEvents, base64: false));

        await Eventually.TrueAsync(() => StateOf(azure, "spark-worker-001") == MachineState.Evicted, "the worker shows evicted", Quickly);
        Assert.False(azure.Core.Monitor.Health.HasQueueProblem);
    }

    private Task<AzureHarness> StartAsync(QueueClient queue, Action<ArmEmulator> seed) =>
        AzureHarness.StartAsync(seed, settings: new Dictionary<string, string?>
        {
            ["Cloud:PollSeconds"] = "3600",
            ["Cloud:BusyPollSeconds"] = "3600",
            ["Azure:ResourceHealthQueue:ConnectionString"] = azurite.ConnectionString,
            ["Azure:ResourceHealthQueue:QueueName"] = queue.Name,
            ["Azure:ResourceHealthQueue:EmptyWaitSeconds"] = "0.1",
        });

    private static void SeedCluster(ArmEmulator arm, int workers)
    {
        arm.AddVirtualMachine(AzureHarness.ResourceGroup, "spark-master", tags: new Dictionary<string, string>(SparkWorker) { ["dashboard-role"] = "Master" });
        for (var i = 1; i <= workers; i++)
            arm.AddVirtualMachine(AzureHarness.ResourceGroup, $"spark-worker-{i:000}", spot: true, evictionPolicy: "Deallocate", tags: SparkWorker);
    }

    private static MachineState StateOf(AzureHarness azure, string machine) =>
        azure.Core.Monitor.FindSession("spark")!.Machines.Single(m => m.Name == machine).State;

    private static async Task<bool> IsEmptyAsync(QueueClient queue) =>
        (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0;
}
