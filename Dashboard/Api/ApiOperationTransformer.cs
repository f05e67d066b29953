using System.Text.Json.Nodes;
using Dashboard.Core.Audit;
using Dashboard.Core.Domain;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dashboard.Api;

/// <summary>
/// What the endpoints read by hand, and so the generator cannot see: the Idempotency-Key header of every write and
/// the audit filters, which are read from the query string as the audit page reads them.
/// </summary>
public sealed class ApiOperationTransformer : IOpenApiOperationTransformer
{
    /// <summary>The operations that read <see cref="AuditFilter"/> from the query string.</summary>
    public static readonly IReadOnlySet<string> AuditOperations = new HashSet<string>(StringComparer.Ordinal) { "SearchAudit", "ExportAudit" };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var method = context.Description.HttpMethod;
        if (string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase) || string.Equals(method, "PUT", StringComparison.OrdinalIgnoreCase))
            Add(operation, new OpenApiParameter
            {
                Name = IdempotencyFilter.Header,
                In = ParameterLocation.Header,
                Description = "Any string up to 200 characters: the same request with the same key runs once and is answered again "
                    + "from the first answer (24 hours, Idempotent-Replayed: true); a different request with it answers 422.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = Core.Api.ApiLimits.IdempotencyKey },
            });
        var name = context.Description.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName;
        if (name is not null && AuditOperations.Contains(name))
        {
            // Insert before skip/take, in the order the audit page shows them.
            var index = 0;
            foreach (var filter in AuditFilters())
                Add(operation, filter, index++);
        }

        return Task.CompletedTask;
    }

    private static IEnumerable<OpenApiParameter> AuditFilters()
    {
        yield return Query("who", "Who did it: part of the account name.", Text());
        yield return Query("action", "What was done.", Names<AuditAction>());
        yield return Query("session", "The session's name.", Text());
        yield return Query("machine", "The machine's name.", Text());
        yield return Query("outcome", "How it ended.", Names<ActionOutcome>());
        yield return Query("from", "From this time on (ISO 8601, UTC unless it names an offset).", Text());
        yield return Query("to", "Up to this time (ISO 8601; a bare day means up to the end of that day).", Text());
    }

    private static OpenApiParameter Query(string name, string description, OpenApiSchema schema) =>
        new() { Name = name, In = ParameterLocation.Query, Description = description, Schema = schema };

    private static OpenApiSchema Text() => new() { Type = JsonSchemaType.String };

    private static OpenApiSchema Names<T>() where T : struct, Enum =>
        new() { Type = JsonSchemaType.String, Enum = [.. Enum.GetNames<T>().Select(n => (JsonNode)JsonValue.Create(n))] };

    private static void Add(OpenApiOperation operation, OpenApiParameter parameter, int? index = null)
    {
        operation.Parameters ??= [];
        if (operation.Parameters.Any(p => p.Name == parameter.Name && p.In == parameter.In))
            return;
        if (index is { } at)
            operation.Parameters.Insert(Math.Min(at, operation.Parameters.Count), parameter);
        else
            operation.Parameters.Add(parameter);
    }
}
