using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Dashboard.Core.Spot.Alerts;

public static class SpotAlertServiceCollectionExtensions
{
    /// <summary>Spot alerts: notifications saved for the bell, mails where mail is set up, and the optional webhook.</summary>
    public static IServiceCollection AddSpotAlerts(this IServiceCollection services)
    {
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.Section)
            .Validate(o => o.EmailIntervalSeconds >= 0, "Alerts:EmailIntervalSeconds must be zero or more.")
            .Validate(o => !o.Webhook.Enabled || Uri.TryCreate(o.Webhook.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https",
                "Alerts:Webhook:Url must be an absolute http or https address.")
            .Validate(o => o.Webhook.Retries is >= 0 and <= 20, "Alerts:Webhook:Retries must be between 0 and 20.")
            .Validate(o => o.Webhook.RetryDelaySeconds > 0 && o.Webhook.TimeoutSeconds > 0,
                "Alerts:Webhook:RetryDelaySeconds and TimeoutSeconds must be more than zero.")
            .ValidateOnStart();
        services.AddSingleton<SpotNotifications>();
        services.AddHostedService<SpotNotificationWriter>();
        services.AddHostedService<SpotAlertMails>();
        services.AddHostedService<SpotWebhook>();

        services.AddHttpClient(SpotWebhook.ClientName).AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider sp) =>
                Shape(resilience, sp.GetRequiredService<IOptions<AlertOptions>>().Value.Webhook));
        return services;
    }

    /// <summary>Retries with exponential back-off, each attempt timed out on its own, the whole within their sum.</summary>
    private static void Shape(HttpStandardResilienceOptions resilience, WebhookOptions webhook)
    {
        var attempt = TimeSpan.FromSeconds(webhook.TimeoutSeconds);
        var delay = TimeSpan.FromSeconds(webhook.RetryDelaySeconds);
        resilience.AttemptTimeout.Timeout = attempt;
        resilience.Retry.MaxRetryAttempts = Math.Max(1, webhook.Retries);
        resilience.Retry.ShouldHandle = webhook.Retries == 0
            ? _ => ValueTask.FromResult(false)
            : resilience.Retry.ShouldHandle;
        resilience.Retry.BackoffType = DelayBackoffType.Exponential;
        resilience.Retry.UseJitter = true;
        resilience.Retry.Delay = delay;
        resilience.Retry.MaxDelay = TimeSpan.FromMinutes(1);
        var waits = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(1).Ticks, delay.Ticks * (1L << Math.Min(webhook.Retries, 20)))) * (webhook.Retries + 1);
        resilience.TotalRequestTimeout.Timeout = attempt * (webhook.Retries + 1) + waits;
        resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, attempt.Ticks * 2));
    }
}
