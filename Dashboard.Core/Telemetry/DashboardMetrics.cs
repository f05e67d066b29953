using System.Diagnostics.Metrics;
using Dashboard.Core.Cloud.Pacing;
using Dashboard.Core.Live;
using Dashboard.Core.Spot;

namespace Dashboard.Core.Telemetry;

/// <summary>
/// The dashboard's Meter and the figures ops graph from Core: how long polls take and how old their result is,
/// operations in flight, 429s from the cloud and Spot evictions. Observable figures are read only when a listener
/// collects them; nothing is kept for them meanwhile.
/// </summary>
public sealed class DashboardMetrics : IDisposable
{
    public const string PollDuration = "dashboard.poll.duration";
    public const string PollAge = "dashboard.poll.age";
    public const string OperationsInFlight = "dashboard.operations.in_flight";
    public const string ArmThrottled = "dashboard.arm.throttled";
    public const string SpotEvictions = "dashboard.spot.evictions";
    public const string Leader = "dashboard.scaleout.leader";

    // Poll cycles take from milliseconds (a few VMs) to seconds (hundreds, paged); the default buckets are for milliseconds.
    private static readonly double[] PollBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Histogram<double> _pollDuration;
    private readonly Counter<long> _evictions;
    private readonly SpotEvents _spot;
    private readonly TimeProvider _time;

    public DashboardMetrics(IMeterFactory meters, ListingAge listingAge, OperationTracker operations, CloudRequestPacer pacer,
        SpotEvents spot, Scaling.ILeadership leadership, TimeProvider time)
    {
        _spot = spot;
        _time = time;
        Meter = meters.Create(DashboardTelemetry.Name);
        _pollDuration = Meter.CreateHistogram(PollDuration, "s", "How long one poll cycle (listing and reconciling every machine) took.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = PollBuckets });
        Meter.CreateObservableGauge(PollAge, () => listingAge.Now.TotalSeconds, "s",
            "Seconds since the last successful listing of the cloud's machines (since the start before the first).");
        Meter.CreateObservableUpDownCounter(OperationsInFlight, () => operations.InFlightCount, "{operation}",
            "Machine operations the dashboard has started and not yet seen end.");
        Meter.CreateObservableCounter(ArmThrottled, () => pacer.Throttled, "{response}",
            "429 (too many requests) answers from the cloud's API.");
        _evictions = Meter.CreateCounter<long>(SpotEvictions, "{eviction}", "Spot machines the cloud evicted.");
        Meter.CreateObservableGauge(Leader, () => leadership.IsLeader ? 1 : 0, "{server}",
            "1 while this server holds the polling lease (always, without Redis): the sum over servers should be 1.");
        // Counted where the eviction was seen, so the sum over servers counts each once.
        spot.RaisedHere += CountEviction;
    }

    /// <summary>The dashboard's Meter (one per app), which the web project adds its own figures to.</summary>
    public Meter Meter { get; }

    /// <summary>Starts measuring one poll cycle; dispose it when the cycle ends.</summary>
    public PollCycleMeasurement MeasurePollCycle() => new(_pollDuration, _time);

    private void CountEviction(SpotEvent spotEvent)
    {
        if (spotEvent.Kind == SpotEventKind.Evicted)
            _evictions.Add(1, new KeyValuePair<string, object?>("dashboard.machine.size", spotEvent.Size));
    }

    public void Dispose() => _spot.RaisedHere -= CountEviction;
}
