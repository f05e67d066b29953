using OpenTelemetry.Exporter;

namespace Dashboard.Telemetry;

/// <summary>
/// Where traces, metrics and logs go (section <c>OpenTelemetry</c>): OTLP to <c>OpenTelemetry:Otlp:Endpoint</c>, or
/// to the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; neither set means nothing is collected or exported.
/// </summary>
public sealed record TelemetrySettings(string ServiceName, string InstanceId, Uri? Endpoint, OtlpExportProtocol Protocol, bool FromStandardVariables)
{
    public const string Section = "OpenTelemetry";
    public const string StandardEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Whether anything is exported (and so whether the OpenTelemetry pipelines are set up at all).</summary>
    public bool Exports => Endpoint is not null || FromStandardVariables;

    public static TelemetrySettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var serviceName = section["ServiceName"] is { Length: > 0 } name ? name : "dashboard";
        // One process of many behind a load balancer: the machine and the process tell them apart.
        var instanceId = $"{Environment.MachineName}-{Environment.ProcessId}";
        var protocol = section["Otlp:Protocol"] is "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        var endpoint = section["Otlp:Endpoint"] is { Length: > 0 } value ? Absolute(value) : null;
        var standard = endpoint is null && !string.IsNullOrWhiteSpace(configuration[StandardEndpointVariable]);
        return new TelemetrySettings(serviceName, instanceId, endpoint, protocol, standard);
    }

    private static Uri Absolute(string value) => Uri.TryCreate(value, UriKind.Absolute, out var uri)
        ? uri
        : throw new InvalidOperationException("OpenTelemetry:Otlp:Endpoint must be an absolute URL, such as http://collector:4317.");
}
