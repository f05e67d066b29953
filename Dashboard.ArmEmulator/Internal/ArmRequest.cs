using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Dashboard.ArmEmulator.Internal;

/// <summary>What a route handler needs from the HTTP request, read up front so handlers stay synchronous.</summary>
internal sealed class ArmRequest(HttpRequest http, Dictionary<string, string> route, JsonNode? body, FaultRule? asyncFault)
{
    public Dictionary<string, string> Route { get; } = route;
    public JsonNode? Body { get; } = body;

    /// <summary>Set when an injected fault says this request's operation must end Failed.</summary>
    public FaultRule? AsyncFault { get; } = asyncFault;

    /// <summary>Scheme, host and path base of this request: links point back to the same host.</summary>
    public string BaseUrl { get; } = $"{http.Scheme}://{http.Host}{http.PathBase}";

    public string ApiVersion { get; } = http.Query["api-version"].ToString();

    /// <summary>"If-None-Match: *" asks ARM to create only: a PUT on an existing resource then fails with 412.</summary>
    public bool CreateOnly { get; } = http.Headers.IfNoneMatch.ToString().Trim() == "*";

    /// <summary>The path as requested (its casing kept), for links to the same resource.</summary>
    public string Path { get; } = http.Path.Value ?? "/";

    public string Url => $"{BaseUrl}{Path}{http.QueryString}";

    public string this[string name] => Route[name];

    public string? Query(string name)
    {
        var value = http.Query[name].ToString();
        return value.Length == 0 ? null : value;
    }

    /// <summary>The query string without one parameter, still URL-encoded, for links that replace it.</summary>
    public string QueryWithout(string name) => string.Join('&', http.Query
        .Where(p => !string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase))
        .SelectMany(p => p.Value.Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v ?? "")}")));

    public bool QueryFlag(string name) => string.Equals(Query(name), "true", StringComparison.OrdinalIgnoreCase);
}
