using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dashboard.ArmEmulator.Internal;

/// <summary>Lenient readers for request bodies: a wrongly typed field reads as absent instead of throwing.</summary>
internal static class Json
{
    public static string? Str(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static bool Bool(JsonNode? node) =>
        node is JsonValue value && (value.TryGetValue<bool>(out var flag) ? flag
            : value.TryGetValue<string>(out var text) && bool.TryParse(text, out flag) && flag);

    public static int? Int(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number)
            ? number : null;

    public static Dictionary<string, string> Tags(JsonNode? node)
    {
        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (node is JsonObject map)
        {
            foreach (var (key, value) in map)
                tags[key] = Str(value) ?? "";
        }
        return tags;
    }

    public static JsonObject TagsNode(IReadOnlyDictionary<string, string> tags)
    {
        var node = new JsonObject();
        foreach (var (key, value) in tags)
            node[key] = value;
        return node;
    }

    /// <summary>The child object named <paramref name="name"/>, created when missing or not an object.</summary>
    public static JsonObject Child(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject child)
            return child;
        child = [];
        parent[name] = child;
        return child;
    }

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("O");
}
