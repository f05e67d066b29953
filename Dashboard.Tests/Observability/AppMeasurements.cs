using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Dashboard.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Observability;

/// <summary>
/// Listens to one app's Dashboard Meter (not another test's app, though they share the process and the name) and
/// keeps every measurement, so a test can ask what a figure is now or what was recorded.
/// </summary>
public sealed class AppMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Recorded> _recorded = new();

    public AppMeasurements(IServiceProvider services)
    {
        var meter = services.GetRequiredService<DashboardMetrics>().Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == meter)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Keep(i, value, tags));
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Keep(i, value, tags));
        _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Keep(i, value, tags));
        _listener.Start();
    }

    public sealed record Recorded(string Name, double Value, IReadOnlyDictionary<string, object?> Tags);

    /// <summary>Every measurement of this instrument so far.</summary>
    public IReadOnlyList<Recorded> Of(string name) => _recorded.Where(r => r.Name == name).ToList();

    /// <summary>What an observable instrument reports when collected now.</summary>
    public double Observe(string name)
    {
        _listener.RecordObservableInstruments();
        return _recorded.Last(r => r.Name == name).Value;
    }

    private void Keep(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var (key, tagValue) in tags)
            copy[key] = tagValue;
        _recorded.Enqueue(new Recorded(instrument.Name, value, copy));
    }

    public void Dispose() => _listener.Dispose();
}
