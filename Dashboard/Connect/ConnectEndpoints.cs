using System.Text;
using Dashboard.Core.Actions;
using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Connect;

/// <summary>
/// Connection details over HTTP. Both endpoints run the Connect command, so the access policy, the state rules and
/// the audit trail are the same as in the dashboard's own dialog.
/// </summary>
public static class ConnectEndpoints
{
    public static string RdpPath(Guid machineId) => $"/machines/{machineId}/connect.rdp";

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder routes)
    {
        // Typed results mark these as API endpoints: an anonymous call gets 401, not a redirect to the sign-in page.
        routes.MapGet("/api/machines/{id:guid}/connection", GetConnectionAsync).RequireAuthorization();
        routes.MapGet("/machines/{id:guid}/connect.rdp", GetRdpFileAsync).RequireAuthorization();
        return routes;
    }

    private static async Task<Results<Ok<ConnectionDetails>, ProblemHttpResult>> GetConnectionAsync(
        Guid id, HttpContext http, MachineCommands commands)
    {
        var result = await commands.RunAsync(id, MachineAction.Connect, Viewer.From(http.User));
        return result.Connection is { } connection ? TypedResults.Ok(connection) : Problem(result);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetRdpFileAsync(
        Guid id, HttpContext http, MachineCommands commands)
    {
        var result = await commands.RunAsync(id, MachineAction.Connect, Viewer.From(http.User));
        if (result.Connection is not { } connection)
            return Problem(result);
        if (connection.RdpFile is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No Remote Desktop file",
                detail: $"{connection.Machine} runs Linux: connect with SSH.");
        }

        return TypedResults.File(Encoding.UTF8.GetBytes(connection.RdpFile), RdpFile.ContentType, connection.RdpFileName);
    }

    /// <summary>The refusal in words, with the status code a client can act on.</summary>
    private static ProblemHttpResult Problem(ActionResult result) => result.Denial switch
    {
        ActionDenial.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such machine", detail: result.Message),
        ActionDenial.NotAllowed => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Refused", detail: result.Message),
        ActionDenial.InvalidState => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not now", detail: result.Message),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Connect failed", detail: result.Message),
    };
}
