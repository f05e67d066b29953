using System.Text;
using System.Text.Json.Nodes;
using Dashboard.Core.Cloud.Azure.ResourceHealth;

namespace Dashboard.Tests.ResourceHealth;

public enum EventSchema
{
    EventGrid,
    CloudEvents,
}

/// <summary>
/// Queue messages shaped as Event Grid delivers Resource Health events to a Storage queue (the samples on Microsoft
/// Learn's "Azure Resource Notifications - Health Resources events" page), in either schema, plain or base64.
/// </summary>
public static class HealthEventMessages
{
    /// <summary>A <c>VirtualMachinePreempted</c> annotation: Azure took the Spot VM back.</summary>
    public static string Preempted(string vmId, EventSchema schema, bool base64) => Encode(Event(
        ResourceHealthEvents.ResourceAnnotated, vmId, schema, "resourceAnnotations", new JsonObject
        {
            ["annotationName"] = "VirtualMachinePreempted",
            ["reason"] = "Virtual machine preempted",
            ["summary"] = "This Spot virtual machine was preempted by Azure because capacity was reclaimed or the price exceeded the maximum.",
            ["context"] = "Platform Initiated",
            ["category"] = "Unplanned",
        }), base64);

    /// <summary>The VM's availability went from Available to Unavailable.</summary>
    public static string Unavailable(string vmId, EventSchema schema, bool base64) => Encode(Event(
        ResourceHealthEvents.AvailabilityStatusChanged, vmId, schema, "availabilityStatuses", new JsonObject
        {
            ["previousAvailabilityState"] = "Available",
            ["availabilityState"] = "Unavailable",
        }), base64);

    private static JsonObject Event(string type, string vmId, EventSchema schema, string healthType, JsonObject properties)
    {
        var eventId = Guid.NewGuid().ToString();
        var subscription = vmId[..vmId.IndexOf("/resourceGroups/", StringComparison.OrdinalIgnoreCase)];
        var now = DateTimeOffset.UtcNow.ToString("O");
        properties["targetResourceId"] = vmId;
        properties["targetResourceType"] = "Microsoft.Compute/virtualMachines";
        properties["occurredTime"] = now;
        var data = new JsonObject
        {
            ["resourceInfo"] = new JsonObject
            {
                ["id"] = $"{vmId}/providers/Microsoft.ResourceHealth/{healthType}/{eventId}",
                ["name"] = eventId,
                ["type"] = $"Microsoft.ResourceHealth/{healthType}",
                ["properties"] = properties,
            },
            ["operationalInfo"] = new JsonObject { ["resourceEventTime"] = now },
            ["apiVersion"] = "2023-12-01",
        };
        return schema == EventSchema.EventGrid
            ? new JsonObject
            {
                ["id"] = eventId, ["topic"] = subscription, ["subject"] = vmId, ["data"] = data, ["eventType"] = type,
                ["dataVersion"] = "1", ["metadataVersion"] = "1", ["eventTime"] = now,
            }
            : new JsonObject
            {
                ["id"] = eventId, ["source"] = subscription, ["subject"] = vmId, ["data"] = data, ["type"] = type,
                ["specversion"] = "1.0", ["time"] = now,
            };
    }

    private static string Encode(JsonObject e, bool base64) =>
        base64 ? Convert.ToBase64String(Encoding.UTF8.GetBytes(e.ToJsonString())) : e.ToJsonString();
}
