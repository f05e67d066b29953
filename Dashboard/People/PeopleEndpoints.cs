using System.Security.Claims;
using System.Text;
using Dashboard.Core.Live;
using Dashboard.Core.People;

namespace Dashboard.People;

public static class PeopleEndpoints
{
    public static string RosterPath(string session) => $"/sessions/{Uri.EscapeDataString(session)}/roster.csv";

    /// <summary>The roster download; the Roster asks the same AccessPolicy as the People page.</summary>
    public static IEndpointRouteBuilder MapPeopleEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/sessions/{name}/roster.csv", async (string name, ClaimsPrincipal user, SessionMonitor monitor, Roster roster) =>
        {
            if (monitor.FindSession(name) is not { } session)
                return Results.NotFound();
            var export = await roster.RosterCsvAsync(Viewer.From(user), session.Id);
            if (!export.Succeeded)
                return Results.Text(export.Message, statusCode: StatusCodes.Status403Forbidden);
            return Results.File(Encoding.UTF8.GetBytes(export.Csv!), "text/csv; charset=utf-8", $"{session.Name}-roster.csv");
        }).RequireAuthorization();
        return routes;
    }
}
