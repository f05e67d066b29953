using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;

namespace Dashboard.Tests.Support;

/// <summary>
/// Keeps every span the app's tracer ends. Spans of other test apps in the process arrive too (sources are
/// process-wide), so tests pick theirs by trace id.
/// </summary>
public sealed class SpanRecorder : BaseProcessor<Activity>
{
    private readonly ConcurrentQueue<Activity> _ended = new();

    public override void OnEnd(Activity data) => _ended.Enqueue(data);

    public IReadOnlyList<Activity> Of(ActivityTraceId trace) => _ended.Where(a => a.TraceId == trace).ToList();
}
