using Dashboard.Core.Actions;
using Dashboard.Core.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Api;

/// <summary>The HTTP answer for a command's outcome, with the same words the UI shows.</summary>
public static class ApiResults
{
    public static Results<Ok<ActionResponse>, ProblemHttpResult> From(ActionResult result) =>
        result.Succeeded ? TypedResults.Ok(new ActionResponse(result.Outcome, result.Message, result.Connection)) : Problem(result);

    public static ProblemHttpResult Problem(ActionResult result) => result switch
    {
        { Denial: ActionDenial.NotFound } => NotFound(result.Message),
        { Denial: ActionDenial.NotAllowed } => Forbidden(result.Message),
        // Refused by the rules, the machine's state or a command still running on it.
        { Outcome: ActionOutcome.Refused } => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Refused", detail: result.Message),
        // The cloud refused or failed the request (throttled, out of capacity, unreachable): try again later.
        _ => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The cloud did not complete the request", detail: result.Message),
    };

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);

    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail);
}
