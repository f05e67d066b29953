using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace Dashboard.Core.Spot.Alerts;

/// <summary>A Spot event's fields as the webhook's <c>data</c> carries them.</summary>
public sealed record SpotEventData(Guid Id, SpotEventKind Kind, Guid SessionId, string SessionName, string Owner,
    Guid MachineId, string MachineName, string Size, string? Policy, DateTimeOffset At, string Detail);

/// <summary>Spot events as CloudEvents 1.0: type <c>org.sessiondashboard.spot.&lt;kind&gt;</c>, source the session, subject the machine.</summary>
public static partial class SpotCloudEvents
{
    public const string TypePrefix = "org.sessiondashboard.spot.";

    private static readonly JsonSerializerOptions DataOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static JsonEventFormatter Formatter { get; } = new(DataOptions, new JsonDocumentOptions());

    /// <summary>The kind in kebab case: <c>Evicted</c> is <c>evicted</c>, <c>FellBackToRegular</c> is <c>fell-back-to-regular</c>.</summary>
    public static string TypeOf(SpotEventKind kind) => TypePrefix + WordStart().Replace(kind.ToString(), "-$1").ToLowerInvariant();

    public static CloudEvent From(SpotEvent e) => new(CloudEventsSpecVersion.V1_0)
    {
        Id = e.Id.ToString(),
        Type = TypeOf(e.Kind),
        Source = new Uri("/sessions/" + Uri.EscapeDataString(e.SessionName), UriKind.Relative),
        Subject = e.MachineName,
        Time = e.At,
        DataContentType = "application/json",
        Data = new SpotEventData(e.Id, e.Kind, e.SessionId, e.SessionName, e.Owner, e.MachineId, e.MachineName, e.Size,
            e.Policy?.ToString(), e.At, e.Detail),
    };

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex WordStart();
}
