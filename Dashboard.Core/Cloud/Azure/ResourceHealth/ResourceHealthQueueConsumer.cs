using Azure;
using Azure.Core;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Dashboard.Core.Live;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Cloud.Azure.ResourceHealth;

/// <summary>
/// Reads the Resource Health events Event Grid puts in a Storage queue and reconciles each VM they name at once, so
/// a Spot eviction shows before the next poll. Polling stays the reconciler; this only makes it sooner. Every message
/// is deleted once handled, an unreadable one too (logged). A queue that cannot be read is logged, shown as a health
/// problem and tried again after a growing wait; nothing here stops the host.
/// </summary>
public sealed partial class ResourceHealthQueueConsumer(
    IOptions<ResourceHealthQueueOptions> options,
    TokenCredential credential,
    SessionMonitor live,
    CloudPoller poller,
    Scaling.ILeadership leadership,
    TimeProvider time,
    ILogger<ResourceHealthQueueConsumer> logger) : BackgroundService
{
    // The most a Storage queue hands out in one receive.
    public const int MaxMessages = 32;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.IsConfigured)
            return;
        var queue = CreateClient(settings);
        try
        {
            await live.WhenLoaded.WaitAsync(stoppingToken);
            LogReading(queue.Name);
            var wait = Backoff.First;
            while (!stoppingToken.IsCancellationRequested)
            {
                int received;
                // The polling server reads the queue: its messages reconcile what it polls.
                await leadership.WaitUntilLeaderAsync(stoppingToken);
                try
                {
                    received = await HandleBatchAsync(queue, stoppingToken);
                    live.ReportQueueHealth(null);
                    wait = Backoff.First;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    live.ReportQueueHealth(Describe(ex));
                    LogQueueFailed(ex, wait.TotalSeconds);
                    await Task.Delay(wait, time, stoppingToken);
                    wait = Backoff.Next(wait);
                    continue;
                }

                if (received == 0)
                    await Task.Delay(TimeSpan.FromSeconds(settings.EmptyWaitSeconds), time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Receives up to <see cref="MaxMessages"/>, reconciles the known VMs they name (each once), deletes them all.</summary>
    internal async Task<int> HandleBatchAsync(QueueClient queue, CancellationToken cancellationToken)
    {
        var visibility = TimeSpan.FromSeconds(options.Value.VisibilitySeconds);
        QueueMessage[] messages = await queue.ReceiveMessagesAsync(MaxMessages, visibility, cancellationToken);
        if (messages.Length == 0)
            return 0;

        var known = KnownMachines();
        var machineIds = new HashSet<Guid>();
        foreach (var message in messages)
        {
            try
            {
                foreach (var vmId in ResourceHealthEvents.VirtualMachineIds(message.Body.ToString()))
                {
                    // Events about VMs no session holds are none of the dashboard's business.
                    if (known.TryGetValue(vmId, out var machineId))
                        machineIds.Add(machineId);
                }
            }
            catch (FormatException ex)
            {
                LogPoison(ex, message.MessageId);
            }
        }

        if (machineIds.Count > 0)
        {
            LogReconciling(machineIds.Count, messages.Length);
            await poller.ReconcileNowAsync(machineIds, cancellationToken);
        }

        await Task.WhenAll(messages.Select(m => DeleteAsync(queue, m, cancellationToken)));
        return messages.Length;
    }

    private static async Task DeleteAsync(QueueClient queue, QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Its visibility ran out and another reader took it: that reader deletes it.
        }
    }

    private Dictionary<string, Guid> KnownMachines()
    {
        var known = new Dictionary<string, Guid>(StringComparer.OrdinalIgnoreCase);
        foreach (var machine in live.Sessions.SelectMany(s => s.Machines).Where(m => m.CloudId is not null))
            known.TryAdd(machine.CloudId!, machine.Id);
        return known;
    }

    private QueueClient CreateClient(ResourceHealthQueueOptions settings)
    {
        // Bodies are decoded here: Event Grid writes base64, a hand-made message may be plain JSON.
        var clientOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };
        // A failed receive is retried by the loop above; retrying long inside the client would only delay the warning.
        clientOptions.Retry.MaxRetries = 1;
        if (settings.ConnectionString.Length > 0)
            return new QueueClient(settings.ConnectionString, settings.QueueName, clientOptions);
        var queueUri = new Uri(new Uri(settings.ServiceUri!.ToString().TrimEnd('/') + "/"), settings.QueueName);
        return new QueueClient(queueUri, credential, clientOptions);
    }

    private static string Describe(Exception exception) => exception is RequestFailedException { Status: > 0 } failed
        ? $"the queue answered {failed.Status} {failed.ErrorCode}"
        : exception.InnerException?.Message ?? exception.Message;

    [LoggerMessage(LogLevel.Information, "Reading Resource Health events from queue {Queue}")]
    private partial void LogReading(string queue);

    [LoggerMessage(LogLevel.Information, "Resource Health events name {Machines} known machines in {Messages} messages; reading them now")]
    private partial void LogReconciling(int machines, int messages);

    [LoggerMessage(LogLevel.Warning, "Queue message {MessageId} is not a readable event; deleting it")]
    private partial void LogPoison(Exception exception, string messageId);

    [LoggerMessage(LogLevel.Warning, "Reading the Resource Health queue failed; trying again in {Seconds} s, evictions show at the next poll meanwhile")]
    private partial void LogQueueFailed(Exception exception, double seconds);
}
