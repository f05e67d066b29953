using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Dashboard.Core.Cloud.Azure;

/// <summary>
/// Settings of section <c>Azure:LocalEndpoint</c>: how to reach a local endpoint that speaks ARM's REST protocol (an
/// emulator on this machine) without an Entra ID sign-in. Refused for any endpoint that is not on loopback.
/// </summary>
public sealed class LocalEndpointOptions
{
    /// <summary>A fixed bearer token sent instead of one from DefaultAzureCredential.</summary>
    public string AccessToken { get; set; } = "";

    /// <summary>The endpoint's own (self-signed) certificate, PEM or DER, trusted for that endpoint only.</summary>
    public string CertificateFile { get; set; } = "";

    public bool IsSet => AccessToken.Length > 0 || CertificateFile.Length > 0;
}

/// <summary>The credential and transport for <see cref="LocalEndpointOptions"/>.</summary>
internal static class LocalEndpointAccess
{
    public static bool IsLoopback(Uri endpoint) =>
        endpoint.IsLoopback || (IPAddress.TryParse(endpoint.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));

    /// <summary>Why these settings cannot be used, or null.</summary>
    public static string? Problem(AzureOptions azure)
    {
        var local = azure.LocalEndpoint;
        if (!local.IsSet)
            return null;
        if (!IsLoopback(azure.ResourceManagerEndpoint))
            return $"Azure:LocalEndpoint:AccessToken and Azure:LocalEndpoint:CertificateFile are only for an endpoint on this machine " +
                $"(127.0.0.1, ::1 or localhost), not {azure.ResourceManagerEndpoint}; Azure itself signs in through DefaultAzureCredential.";
        if (local.CertificateFile.Length > 0 && !File.Exists(local.CertificateFile))
            return $"Azure:LocalEndpoint:CertificateFile names {local.CertificateFile}, which does not exist.";
        return null;
    }

    public static TokenCredential? CredentialFor(AzureOptions azure) =>
        azure.LocalEndpoint.AccessToken is { Length: > 0 } token
            ? DelegatedTokenCredential.Create((_, _) => new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1)))
            : null;

    /// <summary>A transport that trusts exactly the endpoint's certificate besides the system's; null without one.</summary>
    public static HttpPipelineTransport? TransportFor(AzureOptions azure)
    {
        if (azure.LocalEndpoint.CertificateFile is not { Length: > 0 } file)
            return null;
        var pinned = X509CertificateLoader.LoadCertificateFromFile(file);
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None || (certificate is not null && certificate.RawData.AsSpan().SequenceEqual(pinned.RawData)),
        };
        return new HttpClientTransport(handler);
    }
}
