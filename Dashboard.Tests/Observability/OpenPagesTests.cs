using Dashboard.Telemetry;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Observability;

public sealed class OpenPagesTests
{
    [Fact]
    public async Task Each_open_circuit_counts_as_an_open_page_until_it_closes()
    {
        var pages = new OpenPages();

        // The counter never looks at the circuit itself, which only Blazor can make.
        await pages.OnCircuitOpenedAsync(null!, CancellationToken.None);
        await pages.OnCircuitOpenedAsync(null!, CancellationToken.None);
        Assert.Equal(2, pages.Count);
        await pages.OnCircuitClosedAsync(null!, CancellationToken.None);

        Assert.Equal(1, pages.Count);
    }

    [Fact]
    public async Task The_app_counts_its_circuits_in_the_open_pages_gauge()
    {
        await using var app = new DashboardAppFactory();
        _ = app.Server;
        using var measured = new AppMeasurements(app.Services);
        var pages = Assert.Single(app.Services.GetServices<CircuitHandler>().OfType<OpenPages>());

        await pages.OnCircuitOpenedAsync(null!, CancellationToken.None);

        Assert.Equal(1, measured.Observe(WebMetrics.PagesOpen));
    }
}
