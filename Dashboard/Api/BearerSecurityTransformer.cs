using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dashboard.Api;

/// <summary>Describes the API's one way in, a bearer token, and asks for it on every operation.</summary>
public sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer
{
    public const string SchemeName = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Session Dashboard API";
        document.Info.Description = "Sessions, machines, actions, schedules and the audit trail. Authenticate with a personal "
            + "access token (dpat_...) or an identity provider's access token. POST and PUT take an Idempotency-Key header.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A personal access token (made on Tokens, /account/tokens, in the app bar) or an OpenID Connect access token.",
        };
        var requirement = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] };
        foreach (var path in document.Paths.Values)
        {
            foreach (var operation in path.Operations?.Values.AsEnumerable() ?? [])
            {
                operation.Security ??= [];
                operation.Security.Add(requirement);
            }
        }

        return Task.CompletedTask;
    }
}
