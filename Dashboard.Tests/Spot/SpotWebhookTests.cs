using System.Net.Mime;
using System.Text.Json;
using Dashboard.Core.People;
using Dashboard.Core.Spot;
using Dashboard.Core.Spot.Alerts;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Spot;

public sealed class SpotWebhookTests
{
    private const string Secret = "hook-secret";

    private static Dictionary<string, string?> Settings(RecordingWebhook webhook, int retries = 5) => new()
    {
        ["Alerts:Webhook:Url"] = webhook.Url,
        ["Alerts:Webhook:Secret"] = Secret,
        ["Alerts:Webhook:Retries"] = retries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Alerts:Webhook:RetryDelaySeconds"] = "0.05",
    };

    [Fact]
    public async Task An_eviction_is_posted_as_a_CloudEvent_again_after_503s_until_it_is_accepted()
    {
        await using var webhook = await RecordingWebhook.StartAsync(failFirst: 2);
        await using var core = await CoreHost.StartAsync(Settings(webhook));
        var worker = core.Monitor.FindSession("spark-analytics")!.Machines.First(m => m.IsSpot);

        await core.Cloud.SimulateEvictionAsync(worker.CloudId!, CancellationToken.None);

        await Eventually.TrueAsync(() => webhook.Requests.Any(r => r.Status == 202), "the webhook accepted the event");
        var requests = webhook.Requests.ToList();
        Assert.Equal([503, 503, 202], requests.Select(r => r.Status));
        var accepted = requests[^1];
        Assert.StartsWith("application/cloudevents+json", accepted.ContentType, StringComparison.Ordinal);
        Assert.Equal(SpotWebhook.Sign(accepted.Body, Secret), accepted.Signature);
        Assert.All(requests, r => Assert.Equal(accepted.Body, r.Body));

        var cloudEvent = SpotCloudEvents.Formatter.DecodeStructuredModeMessage(accepted.Body, new ContentType(accepted.ContentType!), null);
        Assert.Equal("org.sessiondashboard.spot.evicted", cloudEvent.Type);
        Assert.Equal("/sessions/spark-analytics", cloudEvent.Source!.ToString());
        Assert.Equal(worker.Name, cloudEvent.Subject);
        Assert.Equal(CloudNative.CloudEvents.CloudEventsSpecVersion.V1_0, cloudEvent.SpecVersion);
        var data = Assert.IsType<JsonElement>(cloudEvent.Data);
        Assert.Equal(cloudEvent.Id, data.GetProperty("id").GetString());
        Assert.Equal("Evicted", data.GetProperty("kind").GetString());
        Assert.Equal(worker.Name, data.GetProperty("machineName").GetString());
        Assert.Equal(worker.Size, data.GetProperty("size").GetString());
        Assert.Equal(worker.EvictionPolicy.ToString(), data.GetProperty("policy").GetString());
        Assert.Equal(core.Monitor.FindSession("spark-analytics")!.Owner, data.GetProperty("owner").GetString());
        Assert.Equal(cloudEvent.Time, data.GetProperty("at").GetDateTimeOffset());
        Assert.Null(core.Services.GetRequiredService<SpotNotifications>().WebhookProblem);
    }

    [Fact]
    public async Task Each_kind_has_its_own_type_and_the_event_id_is_the_CloudEvent_id()
    {
        await using var webhook = await RecordingWebhook.StartAsync(failFirst: 0);
        await using var core = await CoreHost.StartAsync(Settings(webhook));
        var raised = SpotAlertEvents.About(core, "genomics-hpc", SpotEventKind.FellBackToRegular, detail: "three attempts failed");

        core.Services.GetRequiredService<SpotEvents>().Raise(raised);

        await Eventually.TrueAsync(() => !webhook.Requests.IsEmpty, "the webhook got the event");
        var received = Assert.Single(webhook.Requests);
        var cloudEvent = SpotCloudEvents.Formatter.DecodeStructuredModeMessage(received.Body, new ContentType(received.ContentType!), null);
        Assert.Equal("org.sessiondashboard.spot.fell-back-to-regular", cloudEvent.Type);
        Assert.Equal(raised.Id.ToString(), cloudEvent.Id);
        Assert.Equal(raised.At, cloudEvent.Time);
        Assert.Equal("three attempts failed", ((JsonElement)cloudEvent.Data!).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Only_the_configured_kinds_are_posted()
    {
        await using var webhook = await RecordingWebhook.StartAsync(failFirst: 0);
        var settings = Settings(webhook);
        settings["Alerts:Webhook:Kinds:0"] = "RecoveryFailed";
        await using var core = await CoreHost.StartAsync(settings);
        var events = core.Services.GetRequiredService<SpotEvents>();

        events.Raise(SpotAlertEvents.About(core, "spark-analytics", SpotEventKind.Evicted));
        events.Raise(SpotAlertEvents.About(core, "spark-analytics", SpotEventKind.Recovered));
        events.Raise(SpotAlertEvents.About(core, "spark-analytics", SpotEventKind.RecoveryFailed));
        await Eventually.TrueAsync(() => !webhook.Requests.IsEmpty, "the webhook got an event");
        // The bell saved all three, so each was read from the queue before the last was posted.
        var notifications = core.Services.GetRequiredService<SpotNotifications>();
        await Eventually.TrueAsync(async () => (await notifications.RecentAsync(TestViewers.Ops)).Count == 3, "the bell lists all three");

        var received = Assert.Single(webhook.Requests);
        var cloudEvent = SpotCloudEvents.Formatter.DecodeStructuredModeMessage(received.Body, new ContentType(received.ContentType!), null);
        Assert.Equal("org.sessiondashboard.spot.recovery-failed", cloudEvent.Type);
    }

    [Fact]
    public async Task A_webhook_that_keeps_failing_is_shown_to_ops_and_notifications_still_arrive()
    {
        await using var webhook = await RecordingWebhook.StartAsync(failFirst: int.MaxValue);
        await using var core = await CoreHost.StartAsync(Settings(webhook, retries: 2));
        var notifications = core.Services.GetRequiredService<SpotNotifications>();

        core.Services.GetRequiredService<SpotEvents>().Raise(SpotAlertEvents.About(core, "spark-analytics"));

        await Eventually.TrueAsync(() => notifications.WebhookProblem is not null, "the webhook is reported failing");
        Assert.Equal(3, webhook.Requests.Count);
        Assert.Contains("503", notifications.WebhookProblem!.Problem, StringComparison.Ordinal);
        // The bell reads its own queue and writes in batches: it may save the alert after the webhook gave up.
        await Eventually.TrueAsync(async () => await notifications.UnreadCountAsync(TestViewers.Ops) == 1, "ops' bell counts the alert");
        Assert.Equal(0, await notifications.UnreadCountAsync(Viewer.For("student01@demo.test", Roles.Student)));
    }
}
