using System.Globalization;
using Dashboard.ArmEmulator.Internal;

namespace Dashboard.ArmEmulator;

// ARM's subscription throttling (ArmEmulatorOptions.Throttling): admitted requests report the tokens left,
// the others get 429 with Retry-After and never run.
public sealed partial class ArmEmulator
{
    private readonly SubscriptionThrottle? _throttle;

    private static ArmResponse Reporting(ArmResponse response, ThrottleVerdict verdict) =>
        response.WithHeader(verdict.RemainingHeader, verdict.Remaining.ToString(CultureInfo.InvariantCulture));

    private ArmResponse Throttled(ThrottleVerdict verdict)
    {
        Interlocked.Increment(ref _throttled);
        var seconds = ArmResponse.RetryAfterSeconds(verdict.RetryAfter);
        var headers = new Dictionary<string, string> { ["Retry-After"] = seconds };
        var message = $"Number of '{verdict.Operation}' requests for subscription '{Subscription}' exceeded the limit. " +
            $"Please try again after '{seconds}' seconds, when additional tokens are available.";
        return Reporting(ArmResponse.Error(429, "TooManyRequests", message, headers), verdict);
    }
}
