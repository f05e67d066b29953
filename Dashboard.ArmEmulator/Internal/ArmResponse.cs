using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Dashboard.ArmEmulator.Internal;

/// <summary>A response built under the emulator's lock and written after it is released.</summary>
internal sealed record ArmResponse(int Status, JsonNode? Body = null, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static ArmResponse Json(int status, JsonNode body) => new(status, body);

    /// <summary>ARM's error envelope: {"error":{"code":..,"message":..}}.</summary>
    public static ArmResponse Error(int status, string code, string message, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, ErrorBody(code, message), headers);

    public static JsonObject ErrorBody(string code, string message) =>
        new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    public static ArmResponse NotFound(string type, string name, string resourceGroup) =>
        Error(404, "ResourceNotFound", $"The Resource '{type}/{name}' under resource group '{resourceGroup}' was not found.");

    /// <summary>What ARM answers a create-only PUT (If-None-Match: *) on a resource that exists.</summary>
    public static ArmResponse PreconditionFailed() =>
        Error(412, "PreconditionFailed", "The condition specified using HTTP conditional header(s) is not met.");

    /// <summary>Retry-After in whole seconds, rounded up so that a client waiting that long is never early.</summary>
    public static string RetryAfterSeconds(TimeSpan delay) =>
        ((int)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    public ArmResponse WithHeader(string name, string value) =>
        this with { Headers = new Dictionary<string, string>(Headers ?? new Dictionary<string, string>()) { [name] = value } };

    public async Task WriteAsync(HttpResponse response)
    {
        response.StatusCode = Status;
        response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
        foreach (var (name, value) in Headers ?? new Dictionary<string, string>())
            response.Headers[name] = value;
        if (Body is null)
        {
            response.ContentLength = 0;
            return;
        }
        var bytes = Encoding.UTF8.GetBytes(Body.ToJsonString());
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes);
    }
}
