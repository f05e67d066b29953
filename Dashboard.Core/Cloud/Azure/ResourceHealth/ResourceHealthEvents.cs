using System.Text;
using System.Text.Json;

namespace Dashboard.Core.Cloud.Azure.ResourceHealth;

/// <summary>
/// Reads the VM resource ids out of a queue message Event Grid delivered: one Resource Health event (or an array of
/// them) in the Event Grid or the CloudEvents schema, as plain JSON or base64-encoded JSON (Event Grid's default).
/// </summary>
public static class ResourceHealthEvents
{
    public const string AvailabilityStatusChanged = "Microsoft.ResourceNotifications.HealthResources.AvailabilityStatusChanged";
    public const string ResourceAnnotated = "Microsoft.ResourceNotifications.HealthResources.ResourceAnnotated";

    private const string VmSegment = "/providers/Microsoft.Compute/virtualMachines/";

    /// <summary>The VMs the message's health events are about; empty for other events.</summary>
    /// <exception cref="FormatException">The message is neither an event nor an array of events.</exception>
    public static IReadOnlyList<string> VirtualMachineIds(string message)
    {
        using var document = Parse(message);
        var root = document.RootElement;
        var events = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];
        var ids = new List<string>();
        foreach (var e in events)
        {
            if (e.ValueKind != JsonValueKind.Object)
                throw new FormatException("An event must be a JSON object.");
            if (TargetOf(e) is { } id)
                ids.Add(id);
        }

        return ids;
    }

    private static JsonDocument Parse(string message)
    {
        var text = message.Trim();
        if (!text.StartsWith('{') && !text.StartsWith('['))
        {
            var bytes = new byte[text.Length];
            if (!Convert.TryFromBase64String(text, bytes, out var length))
                throw new FormatException("The message is neither JSON nor base64-encoded JSON.");
            text = Encoding.UTF8.GetString(bytes, 0, length);
        }

        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The message is not valid JSON: {ex.Message}", ex);
        }
    }

    // A health event names the VM in data.resourceInfo.properties.targetResourceId, and also as its subject.
    private static string? TargetOf(JsonElement e)
    {
        // Event Grid schema: eventType; CloudEvents schema: type.
        var type = Text(e, "eventType") ?? Text(e, "type");
        if (type is not (AvailabilityStatusChanged or ResourceAnnotated))
            return null;
        var target = e.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty("resourceInfo", out var info) && info.ValueKind == JsonValueKind.Object
            && info.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
                ? Text(properties, "targetResourceId")
                : null;
        target ??= Text(e, "subject");
        if (target is null)
            throw new FormatException($"A {type} event names no resource.");
        // Scale set VMs and scale sets are not machines the dashboard runs.
        var vm = target.IndexOf(VmSegment, StringComparison.OrdinalIgnoreCase);
        return vm >= 0 && target.IndexOf('/', vm + VmSegment.Length) < 0 ? target : null;
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
