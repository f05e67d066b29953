using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Dashboard.Tests.Observability;

public sealed class OtlpSettingsTests
{
    [Fact]
    public async Task Without_an_endpoint_no_tracer_or_meter_provider_is_set_up()
    {
        await using var app = new DashboardAppFactory();
        _ = app.Server;

        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task The_standard_otlp_environment_variables_alone_turn_export_on()
    {
        await using var sink = await OtlpSink.StartAsync();
        await using var app = new DashboardAppFactory(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = sink.Address,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });

        (await app.CreateClient().GetAsync("/")).Dispose();

        await Eventually.TrueAsync(() => app.Services.GetRequiredService<TracerProvider>().ForceFlush() && sink.Signals.Contains("traces"),
            "spans reach the endpoint the variables name");
    }
}
