using System.Diagnostics;
using Dashboard.Core.Actions;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.Telemetry;
using Dashboard.Setup;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Dashboard.Tests.Observability;

public sealed class TracingTests : IAsyncLifetime
{
    private readonly SpanRecorder _spans = new();
    private OtlpSink _sink = null!;
    private DashboardAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _sink = await OtlpSink.StartAsync();
        _app = new DashboardAppFactory(new Dictionary<string, string?>
        {
            ["OpenTelemetry:Otlp:Endpoint"] = _sink.Address,
            ["OpenTelemetry:Otlp:Protocol"] = "http/protobuf",
            ["OpenTelemetry:ServiceName"] = "dashboard-under-test",
        })
        {
            TestServices = s => s.ConfigureOpenTelemetryTracerProvider(b => b.AddProcessor(_spans)),
        };
        await _app.Services.GetRequiredService<SessionMonitor>().WhenLoaded;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _sink.DisposeAsync();
    }

    [Fact]
    public async Task A_request_produces_an_aspnetcore_server_span_and_a_health_probe_none()
    {
        var client = _app.CreateClient();
        var page = ActivityTraceId.CreateRandom();
        var probe = ActivityTraceId.CreateRandom();

        (await client.SendAsync(Traced(HttpMethod.Get, ObservabilityServiceCollectionExtensions.LivePath, probe))).Dispose();
        (await client.SendAsync(Traced(HttpMethod.Get, "/account/login", page))).Dispose();

        // The server ends its span as it disposes the request, which can be just after the client has the answer.
        await Eventually.TrueAsync(() => _spans.Of(page).Count > 0, "the page's span ends");
        var span = Assert.Single(_spans.Of(page), s => s.Source.Name == "Microsoft.AspNetCore");
        Assert.Equal(ActivityKind.Server, span.Kind);
        Assert.Equal(("GET", "/account/login"), (span.GetTagItem("http.request.method"), span.GetTagItem("url.path")));
        Assert.Empty(_spans.Of(probe));
    }

    [Fact]
    public async Task A_poll_produces_the_dashboards_span_and_a_command_its_own()
    {
        var monitor = _app.Services.GetRequiredService<SessionMonitor>();
        var machine = monitor.FindSession("python-workshop")!.Machines[1];
        using var test = new Activity("test").SetIdFormat(ActivityIdFormat.W3C);
        test.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        test.Start();

        await _app.Services.GetRequiredService<CloudPoller>().PollOnceAsync(CancellationToken.None);
        var rebooted = await _app.Services.GetRequiredService<MachineCommands>().RunAsync(machine.Id, MachineAction.Reboot, TestViewers.Admin);
        test.Stop();

        Assert.True(rebooted.Succeeded, rebooted.Message);
        var ours = _spans.Of(test.TraceId).Where(s => s.Source.Name == DashboardTelemetry.Name).ToList();
        Assert.Single(ours, s => s.OperationName == DashboardTelemetry.PollSpan);
        var command = Assert.Single(ours, s => s.OperationName == DashboardTelemetry.CommandSpan);
        Assert.Equal(("Reboot", machine.Name, ActivityStatusCode.Ok),
            (command.GetTagItem("dashboard.action"), command.GetTagItem("dashboard.machine"), command.Status));
    }

    [Fact]
    public async Task Traces_and_metrics_reach_the_configured_otlp_endpoint_named_by_service_and_instance()
    {
        (await _app.CreateClient().GetAsync("/")).Dispose();

        await Eventually.TrueAsync(() => _app.Services.GetRequiredService<TracerProvider>().ForceFlush() && _sink.Signals.Contains("traces"),
            "spans reach the endpoint");
        await Eventually.TrueAsync(() => _app.Services.GetRequiredService<MeterProvider>().ForceFlush() && _sink.Signals.Contains("metrics"),
            "metrics reach the endpoint");
        var resource = _app.Services.GetRequiredService<TracerProvider>().GetResource().Attributes.ToDictionary();
        Assert.Equal("dashboard-under-test", resource["service.name"]);
        Assert.Equal($"{Environment.MachineName}-{Environment.ProcessId}", resource["service.instance.id"]);
    }

    private static HttpRequestMessage Traced(HttpMethod method, string path, ActivityTraceId trace)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        return request;
    }
}
