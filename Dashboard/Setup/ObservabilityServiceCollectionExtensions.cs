using Dashboard.Core.Telemetry;
using Dashboard.Health;
using Dashboard.Telemetry;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Dashboard.Setup;

/// <summary>
/// Traces and metrics over OpenTelemetry (exported by OTLP only where an endpoint is set), the dashboard's own
/// figures, and the health endpoints a load balancer or orchestrator probes.
/// </summary>
public static class ObservabilityServiceCollectionExtensions
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    private const string ReadyTag = "ready";
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddDashboardObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<OpenPages>();
        services.AddSingleton<CircuitHandler>(sp => sp.GetRequiredService<OpenPages>());
        services.AddSingleton<WebMetrics>();
        services.AddHostedService(sp => sp.GetRequiredService<WebMetrics>());
        services.AddHealthChecks()
            .AddCheck<DatabaseCheck>("database", tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<CloudCheck>("cloud", tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<RedisCheck>("redis", tags: [ReadyTag], timeout: CheckTimeout);

        var settings = TelemetrySettings.From(configuration);
        // Without an endpoint no pipeline is set up: no span is created, no measurement aggregated, nothing sent.
        if (settings.Exports)
            services.AddOpenTelemetryExport(settings);
        return services;
    }

    private static void AddOpenTelemetryExport(this IServiceCollection services, TelemetrySettings settings)
    {
        // The Azure SDK publishes its ActivitySources (Azure.*) only with this switch on.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        var builder = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(settings.ServiceName, serviceInstanceId: settings.InstanceId))
            .WithTracing(tracing => tracing
                .AddSource(DashboardTelemetry.Name, "Azure.*")
                // Probes come every few seconds and say nothing about what people do.
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(DashboardTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());
        if (settings.Endpoint is { } endpoint)
            builder.UseOtlpExporter(settings.Protocol, endpoint);
        else
            builder.UseOtlpExporter(); // reads OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL and _HEADERS itself
    }

    /// <summary>
    /// <c>/health/live</c>: 200 while the process serves, touching nothing. <c>/health/ready</c>: database, cloud and
    /// Redis, 503 when any is unhealthy. Both anonymous and never cached.
    /// </summary>
    public static WebApplication MapDashboardHealth(this WebApplication app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponse.WriteAsync })
            .AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = HealthResponse.WriteAsync })
            .AllowAnonymous();
        return app;
    }
}
