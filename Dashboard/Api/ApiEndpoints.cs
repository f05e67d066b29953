using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Scalar.AspNetCore;

namespace Dashboard.Api;

/// <summary>The versioned REST API under <c>/api/v1</c>, its OpenAPI document and its reference page.</summary>
public static class ApiEndpoints
{
    public const string Prefix = "/api/v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/api/reference";

    public static IServiceCollection AddDashboardApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiProblemDefaults.Complete);
        // Binding failures throw (as they do in Development), so the API can say which field was wrong.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<ApiProblemDefaults.BadRequestHandler>();
        services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddDashboardApiAuthentication(configuration);
        services.AddApiRateLimits();
        services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = description => description.RelativePath?.StartsWith(Prefix[1..], StringComparison.Ordinal) == true;
            o.AddDocumentTransformer<BearerSecurityTransformer>();
            o.AddOperationTransformer<ApiOperationTransformer>();
            o.AddSchemaTransformer<EnumSchemaTransformer>();
        });
        return services;
    }

    public static WebApplication MapDashboardApi(this WebApplication app)
    {
        var api = app.MapGroup(Prefix).RequireRateLimiting(ApiRateLimits.Policy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        SessionEndpoints.Map(api);
        ActionEndpoints.Map(api);
        ScheduleEndpoints.Map(api);
        AuditApiEndpoints.Map(api);
        app.MapOpenApi(DocumentPath.Replace("v1", "{documentName}", StringComparison.Ordinal)).AllowAnonymous();
        // Only the reference, from this server alone: no font host, no AI agent, MCP, SDK or deploy buttons, no telemetry.
        app.MapScalarApiReference(ReferencePath, o => o.WithOpenApiRoutePattern(DocumentPath.Replace("v1", "{documentName}", StringComparison.Ordinal))
                .DisableDefaultFonts().DisableAgent().DisableMcp().DisableTelemetry().HideDeveloperTools().HideClientButton())
            .AllowAnonymous();
        return app;
    }

    /// <summary>
    /// The API's own middleware, before the endpoints: errors (unhandled exceptions, unknown paths, wrong methods)
    /// answer as ProblemDetails, never as the pages' error page; the request body of writes stays readable after
    /// binding, for the idempotency check's hash.
    /// </summary>
    public static WebApplication UseApiPipeline(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Prefix), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
            api.Use((context, next) =>
            {
                if (!HttpMethods.IsGet(context.Request.Method))
                    context.Request.EnableBuffering();
                return next(context);
            });
        });
        return app;
    }
}
