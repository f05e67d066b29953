using System.Globalization;
using System.Security.Claims;
using Dashboard.Core.Audit;
using Dashboard.Core.People;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Api;

/// <summary>The audit trail as the audit page shows it to the caller: the same query, the same policy.</summary>
public static class AuditApiEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var read = api.MapGroup("").RequireAuthorization(ApiAuthentication.ReadPolicy).WithTags("Audit");
        read.MapGet("/audit", SearchAsync).WithName("SearchAudit")
            .WithSummary("Audit entries newest first; filters who, action, session, machine, outcome, from, to (ISO 8601 UTC); paging skip, take (1-200).");
        read.MapGet("/audit.csv", ExportAsync).WithName("ExportAudit").WithSummary("The same entries as CSV (filters as for /audit, no paging).")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
    }

    private static async Task<Results<Ok<AuditPageResponse>, ProblemHttpResult, ValidationProblem>> SearchAsync(
        HttpContext http, ClaimsPrincipal user, AuditQuery audit, int? skip, int? take)
    {
        var viewer = Viewer.From(user);
        if (!AccessPolicy.CanOpenAudit(viewer))
            return ApiResults.Forbidden("Only admins, ops and instructors read the audit trail.");
        if (!AuditFilter.TryParse(key => http.Request.Query[key].FirstOrDefault(), out var filter, out var error))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["filter"] = [error!] });
        var from = Math.Max(0, skip ?? 0);
        var size = Math.Clamp(take ?? 50, 1, AuditQuery.MaxPageSize);
        var page = await audit.SearchAsync(viewer, filter, from, size, http.RequestAborted);
        return TypedResults.Ok(new AuditPageResponse(page.Entries, page.Total, from, size));
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult, ValidationProblem>> ExportAsync(HttpContext http, ClaimsPrincipal user, AuditQuery audit)
    {
        var viewer = Viewer.From(user);
        if (!AccessPolicy.CanOpenAudit(viewer))
            return ApiResults.Forbidden("Only admins, ops and instructors read the audit trail.");
        if (!AuditFilter.TryParse(key => http.Request.Query[key].FirstOrDefault(), out var filter, out var error))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["filter"] = [error!] });
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition =
            $"attachment; filename=\"audit-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.csv\"";
        await AuditCsv.WriteAsync(audit.ReadAllAsync(viewer, filter, http.RequestAborted), http.Response.Body, http.RequestAborted);
        return TypedResults.Empty;
    }
}
