using Dashboard.Core.Telemetry;
using Dashboard.Hubs;

namespace Dashboard.Telemetry;

/// <summary>
/// The web side's figures on the dashboard's Meter: open pages and hub connections. A hosted service only so that
/// the instruments exist from the start; it does nothing else.
/// </summary>
public sealed class WebMetrics : IHostedService
{
    public const string PagesOpen = "dashboard.pages.open";
    public const string HubClients = "dashboard.hub.clients";

    public WebMetrics(DashboardMetrics metrics, OpenPages pages, HubWatchers hub)
    {
        metrics.Meter.CreateObservableUpDownCounter(PagesOpen, () => pages.Count, "{page}",
            "Interactive pages (Blazor circuits) open now.");
        metrics.Meter.CreateObservableUpDownCounter(HubClients, () => hub.Count, "{connection}",
            "SignalR connections to the sessions hub open now.");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
