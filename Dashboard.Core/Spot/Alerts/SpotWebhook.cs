using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using CloudNative.CloudEvents;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Spot.Alerts;

/// <summary>
/// Posts every Spot event to <c>Alerts:Webhook:Url</c> as a structured-mode CloudEvent. It reads its own queue, so
/// a slow or failing endpoint delays no other consumer; the client's resilience handler retries 5xx, 429, timeouts
/// and network errors with back-off, and what still fails is logged and shown to ops as "webhook failing since …".
/// </summary>
internal sealed partial class SpotWebhook(SpotEvents events, IHttpClientFactory clients, SpotNotifications notifications,
    IOptions<AlertOptions> options, ILogger<SpotWebhook> logger) : BackgroundService
{
    public const string ClientName = "SpotWebhook";
    public const string SignatureHeader = "X-Dashboard-Signature";
    private const int PostsInFlight = 8;

    private readonly ChannelReader<SpotEvent>? _events = options.Value.Webhook.Enabled ? events.Subscribe() : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_events is null)
            return;
        try
        {
            // A few posts at a time: one event waiting out its retries must not hold up a burst behind it.
            await Parallel.ForEachAsync(_events.ReadAllAsync(stoppingToken),
                new ParallelOptions { MaxDegreeOfParallelism = PostsInFlight, CancellationToken = stoppingToken },
                async (spotEvent, cancellationToken) =>
                {
                    if (options.Value.Webhook.Posts(spotEvent.Kind))
                        await PostAsync(spotEvent, cancellationToken);
                });
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PostAsync(SpotEvent spotEvent, CancellationToken cancellationToken)
    {
        var webhook = options.Value.Webhook;
        try
        {
            var body = SpotCloudEvents.Formatter.EncodeStructuredModeMessage(SpotCloudEvents.From(spotEvent), out var contentType).ToArray();
            using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType.ToString());
            if (!string.IsNullOrEmpty(webhook.Secret))
                request.Headers.Add(SignatureHeader, Sign(body, webhook.Secret));
            using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                notifications.ReportWebhookDelivered();
                return;
            }

            Failed(spotEvent, $"the endpoint answered {(int)response.StatusCode} {response.ReasonPhrase}", null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Failed(spotEvent, ex.Message, ex);
        }
    }

    private void Failed(SpotEvent spotEvent, string problem, Exception? ex)
    {
        LogFailed(ex, spotEvent.Kind, spotEvent.MachineName, spotEvent.SessionName, problem);
        notifications.ReportWebhookFailed(problem);
    }

    /// <summary><c>sha256=</c> and the body's HMAC-SHA256 under the secret, in lower-case hex.</summary>
    public static string Sign(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    [LoggerMessage(Level = LogLevel.Error, Message = "The Spot webhook failed for {Kind} of {Machine} in {Session} after its retries: {Problem}")]
    private partial void LogFailed(Exception? ex, SpotEventKind kind, string machine, string session, string problem);
}
