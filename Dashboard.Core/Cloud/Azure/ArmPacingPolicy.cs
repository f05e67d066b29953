using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;
using Dashboard.Core.Cloud.Pacing;

namespace Dashboard.Core.Cloud.Azure;

/// <summary>
/// Sits right before the wire: every ARM request waits for its bucket's token, and a 429 (which ARM refused, so
/// nothing ran) is sent again after its Retry-After, with every other request of that kind held back meanwhile.
/// </summary>
internal sealed class ArmPacingPolicy(CloudRequestPacer pacer) : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var kind = KindOf(message.Request.Method);
        for (var attempt = 0; ; attempt++)
        {
            await pacer.AcquireAsync(kind, message.CancellationToken);
            await ProcessNextAsync(message, pipeline);
            if (message.Response.Status != 429 || attempt >= pacer.Limits.ThrottledRetries)
                return;
            pacer.Throttle(kind, RetryAfterOf(message.Response));
            message.Response.ContentStream?.Dispose();
        }
    }

    internal static CloudRequestKind KindOf(RequestMethod method) =>
        method == RequestMethod.Get || method == RequestMethod.Head ? CloudRequestKind.Read
        : method == RequestMethod.Delete ? CloudRequestKind.Delete
        : CloudRequestKind.Write;

    internal static TimeSpan RetryAfterOf(global::Azure.Response response)
    {
        if (response.Headers.TryGetValue("retry-after-ms", out var ms) || response.Headers.TryGetValue("x-ms-retry-after-ms", out ms))
        {
            if (double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis))
                return TimeSpan.FromMilliseconds(millis);
        }
        if (response.Headers.TryGetValue("Retry-After", out var value))
        {
            if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
                return TimeSpan.FromSeconds(seconds);
            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                return at - DateTimeOffset.UtcNow;
        }
        // ARM always sends Retry-After with a 429; without one, wait a refill step rather than hammering.
        return TimeSpan.FromSeconds(1);
    }
}

/// <summary>
/// Retries only what is safe to repeat: reads (GET) that failed in transit or with a 5xx. A write or delete that may
/// have reached Azure is never sent again blindly; 429s are handled by <see cref="ArmPacingPolicy"/>.
/// </summary>
internal sealed class ReadOnlyRetryPolicy(int maxRetries)
    : RetryPolicy(maxRetries, DelayStrategy.CreateExponentialDelayStrategy(TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(10)))
{
    protected override bool ShouldRetry(HttpMessage message, Exception? exception) =>
        message.Request.Method == RequestMethod.Get
        && !(message.HasResponse && message.Response.Status == 429)
        && base.ShouldRetry(message, exception);

    protected override ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) =>
        new(ShouldRetry(message, exception));
}
