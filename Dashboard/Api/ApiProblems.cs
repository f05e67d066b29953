using Dashboard.Core.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Dashboard.Api;

/// <summary>Every API error is a ProblemDetails; these write the ones no endpoint handler gets to write.</summary>
public static class ApiProblems
{
    public static Task WriteAsync(HttpContext http, int status, string title, string? detail = null)
    {
        http.Response.StatusCode = status;
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }

    public static Task UnauthorizedAsync(HttpContext http)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return WriteAsync(http, StatusCodes.Status401Unauthorized, "Unauthorized",
            "Send a valid personal access token (or an identity provider's access token) as 'Authorization: Bearer <token>'.");
    }

    /// <summary>Authorization refused an authenticated caller: on the API that means the token lacks the endpoint's scope.</summary>
    public static Task ForbiddenAsync(HttpContext http)
    {
        var scope = ScopeNeededBy(http);
        var detail = scope is null
            ? "This token or account may not do that."
            : $"This token lacks the '{scope}' scope this endpoint needs; make a token with it on Tokens (/account/tokens).";
        return WriteAsync(http, StatusCodes.Status403Forbidden, "Forbidden", detail);
    }

    private static string? ScopeNeededBy(HttpContext http)
    {
        var policies = http.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy) ?? [];
        return policies.Select(p => p switch
        {
            ApiAuthentication.ReadPolicy or ApiAuthentication.HubPolicy => ApiScopes.Read,
            ApiAuthentication.ActPolicy => ApiScopes.Act,
            ApiAuthentication.SchedulePolicy => ApiScopes.Schedule,
            _ => null,
        }).LastOrDefault(s => s is not null && !ApiAuthentication.HasScope(http.User, s));
    }
}
