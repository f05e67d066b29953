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

    public static Task ForbiddenAsync(HttpContext http) =>
        WriteAsync(http, StatusCodes.Status403Forbidden, "Forbidden", "This token or account may not do that.");
}
