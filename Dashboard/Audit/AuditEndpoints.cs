using System.Security.Claims;
using Dashboard.Core.Audit;
using Dashboard.Core.People;

namespace Dashboard.Audit;

public static class AuditEndpoints
{
    public const string CsvPath = "/audit.csv";

    /// <summary><c>GET /audit.csv?who=&amp;action=&amp;session=&amp;machine=&amp;outcome=&amp;from=&amp;to=</c>: the audit page's filters as CSV.</summary>
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder routes)
    {
        // Signed out: the usual sign-in challenge. Signed in without audit access: a plain 403, never a redirect.
        routes.MapGet(CsvPath, ExportAsync).RequireAuthorization();
        return routes;
    }

    private static async Task ExportAsync(HttpContext http, ClaimsPrincipal user, AuditQuery audit)
    {
        var viewer = Viewer.From(user);
        if (!AccessPolicy.CanOpenAudit(viewer))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        if (!AuditFilter.TryParse(key => http.Request.Query[key].FirstOrDefault(), out var filter, out var error))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync(error!, http.RequestAborted);
            return;
        }

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"audit-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv\"";
        http.Response.Headers.CacheControl = "no-store";
        await AuditCsv.WriteAsync(audit.ReadAllAsync(viewer, filter, http.RequestAborted), http.Response.Body, http.RequestAborted);
    }
}
