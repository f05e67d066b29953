using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dashboard.Api;

/// <summary>
/// Enums travel by name (JsonStringEnumConverter), so their schemas list the names. A [Flags] enum such as WeekDays
/// may also be a comma-separated combination ("Monday, Wednesday"), so it gets a pattern instead of a closed list.
/// </summary>
public sealed class EnumSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (!type.IsEnum)
            return Task.CompletedTask;
        var names = Enum.GetNames(type);
        if (type.IsDefined(typeof(FlagsAttribute), inherit: false))
        {
            var one = "(" + string.Join('|', names) + ")";
            schema.Pattern = $"^{one}(, *{one})*$";
            schema.Description ??= "One of " + string.Join(", ", names) + ", or several of them separated by commas.";
            schema.Enum = null;
        }
        else if (schema.Enum is not { Count: > 0 })
        {
            schema.Enum = [.. names.Select(n => (JsonNode)JsonValue.Create(n))];
        }

        schema.Type ??= JsonSchemaType.String;
        return Task.CompletedTask;
    }
}
