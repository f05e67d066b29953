using System.Globalization;
using Dashboard.Core.Audit;
using Dashboard.Core.Costs;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Costs;

public static class CostEndpoints
{
    public static string CsvPath(string session, string by) => $"/sessions/{Uri.EscapeDataString(session)}/costs.csv?by={by}";

    /// <summary>
    /// <c>GET /sessions/{name}/costs.csv?by=machine|student&amp;month=yyyy-MM</c>: a session's costs for a month (this
    /// one by default), for its owner, admins and ops, asked through the access policy.
    /// </summary>
    public static IEndpointRouteBuilder MapCostEndpoints(this IEndpointRouteBuilder routes)
    {
        // Typed results mark it as an API endpoint: an anonymous call gets 401, not a redirect to the sign-in page.
        routes.MapGet("/sessions/{name}/costs.csv", ExportAsync).RequireAuthorization();
        return routes;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(
        string name, string? by, string? month, HttpContext http, SessionMonitor monitor, SessionCosts costs, AuditLog audit, TimeProvider time)
    {
        var viewer = Viewer.From(http.User);
        if (monitor.FindSession(name) is not { } session)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such session", detail: $"No session named {name}.");
        if (!AccessPolicy.CanSeeCosts(viewer, session))
        {
            await audit.RecordAsync(viewer.Name, AuditAction.ExportCosts, ActionOutcome.Refused, session.Name, detail: "Not allowed to see these costs.");
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Refused",
                detail: "Only the session's instructor, admins and ops can read its costs.");
        }

        var perStudent = string.Equals(by, "student", StringComparison.OrdinalIgnoreCase);
        if (by is not null && !perStudent && !string.Equals(by, "machine", StringComparison.OrdinalIgnoreCase))
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: "by is machine or student.");
        var period = CostPeriod.MonthOf(time.GetUtcNow());
        if (month is not null)
        {
            if (!DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var start))
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: "month is yyyy-MM, e.g. 2026-11.");
            period = CostPeriod.MonthOf(new DateTimeOffset(start, TimeSpan.Zero));
        }

        var cost = await costs.ForPeriodAsync(session, period, http.RequestAborted);
        using var buffer = new MemoryStream();
        if (perStudent)
            await CostCsv.WriteStudentsAsync(cost, buffer, http.RequestAborted);
        else
            await CostCsv.WriteMachinesAsync(cost, buffer, http.RequestAborted);
        await audit.RecordAsync(viewer.Name, AuditAction.ExportCosts, ActionOutcome.Succeeded, session.Name,
            detail: $"{(perStudent ? "per student" : "per machine")}, {period.Start:yyyy-MM}");
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(buffer.ToArray(), "text/csv; charset=utf-8",
            $"{session.Name}-costs-{(perStudent ? "students" : "machines")}-{period.Start:yyyy-MM}.csv");
    }
}
