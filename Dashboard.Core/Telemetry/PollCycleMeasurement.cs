using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Dashboard.Core.Telemetry;

/// <summary>One poll cycle under way: its span, and its duration recorded (with its outcome) when it is disposed.</summary>
public sealed class PollCycleMeasurement : IDisposable
{
    private readonly Histogram<double> _duration;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly Activity? _span;
    private bool _failed;

    internal PollCycleMeasurement(Histogram<double> duration, TimeProvider time)
    {
        _duration = duration;
        _time = time;
        _started = time.GetTimestamp();
        _span = DashboardTelemetry.Source.StartActivity(DashboardTelemetry.PollSpan);
    }

    /// <summary>The listing failed: the span says why and the duration is tagged as a failure.</summary>
    public void Failed(Exception exception)
    {
        _failed = true;
        _span?.AddException(exception);
        _span?.SetStatus(ActivityStatusCode.Error, exception.Message);
    }

    public void Dispose()
    {
        // Recorded while the span is still current, so a backend can link the measurement to it.
        _duration.Record(_time.GetElapsedTime(_started).TotalSeconds, new KeyValuePair<string, object?>("outcome", _failed ? "failure" : "success"));
        _span?.Dispose();
    }
}
