using System.Security.Claims;
using Dashboard.Core.ClassTime;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Api;

/// <summary>A session's class time: read it, replace its settings, postpone or skip a coming stop.</summary>
public static class ScheduleEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/sessions/{name}/schedule", Get).RequireAuthorization(ApiAuthentication.ReadPolicy).WithTags("Schedules")
            .WithName("GetSchedule").WithSummary("The session's class-time settings and the countdowns the caller may see.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        var change = api.MapGroup("/sessions/{name}/schedule").RequireAuthorization(ApiAuthentication.SchedulePolicy).WithTags("Schedules")
            .AddEndpointFilter<IdempotencyFilter>().ProducesCommandProblems();
        change.MapPut("", SaveAsync).WithName("SaveSchedule").WithSummary("Replaces the session's class-time settings (owner and admins).");
        change.MapPost("/postpone", PostponeAsync).WithName("PostponeStop").WithSummary("Postpones the coming automatic stop by 30 or 60 minutes.");
        change.MapPost("/skip", SkipAsync).WithName("SkipStop").WithSummary("Skips this occurrence of the coming automatic stop; with no body (or no machineId), every machine's.");
    }

    private static Results<Ok<ClassTimeView>, ProblemHttpResult> Get(string name, ClaimsPrincipal user, SessionMonitor monitor) =>
        SessionEndpoints.Visible(name, user, monitor) is { } session ? TypedResults.Ok(session.ClassTime) : SessionEndpoints.NoSession(name);

    private static async Task<Results<Ok<ActionResponse>, ProblemHttpResult, ValidationProblem>> SaveAsync(
        string name, ClassTimeSettings settings, ClaimsPrincipal user, SessionMonitor monitor, ClassTimeCommands commands)
    {
        var viewer = Viewer.From(user);
        if (SessionEndpoints.Visible(name, user, monitor) is not { } session)
            return SessionEndpoints.NoSession(name);
        // Only whoever may change it learns what is wrong with a schedule.
        if (AccessPolicy.CanManageClassTime(viewer, session).Allowed && ClassTimeCommands.Problem(settings) is { } problem)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["settings"] = [problem] });
        return Answer(await commands.SaveSettingsAsync(viewer, session.Id, settings));
    }

    private static async Task<Results<Ok<ActionResponse>, ProblemHttpResult, ValidationProblem>> PostponeAsync(
        string name, StopChange change, ClaimsPrincipal user, SessionMonitor monitor, ClassTimeCommands commands)
    {
        if (SessionEndpoints.Visible(name, user, monitor) is not { } session)
            return SessionEndpoints.NoSession(name);
        if (!Sees(session, change))
            return SessionEndpoints.NoMachine();
        if (!ClassTimeCommands.PostponeChoices.Contains(change.Minutes))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["minutes"] = ["Postpone by 30 or 60 minutes."] });
        return Answer(await commands.PostponeAsync(Viewer.From(user), session.Id, change.MachineId, change.Minutes));
    }

    private static async Task<Results<Ok<ActionResponse>, ProblemHttpResult, ValidationProblem>> SkipAsync(
        string name, StopChange? change, ClaimsPrincipal user, SessionMonitor monitor, ClassTimeCommands commands)
    {
        // machineId is optional, so the whole body is: none means every machine.
        change ??= new StopChange(null);
        if (SessionEndpoints.Visible(name, user, monitor) is not { } session)
            return SessionEndpoints.NoSession(name);
        if (!Sees(session, change))
            return SessionEndpoints.NoMachine();
        return Answer(await commands.SkipAsync(Viewer.From(user), session.Id, change.MachineId));
    }

    /// <summary>A machine the caller may not see is answered as one that does not exist.</summary>
    private static bool Sees(Core.Domain.SessionView visible, StopChange change) =>
        change.MachineId is not { } id || visible.Machines.Any(m => m.Id == id);

    private static Results<Ok<ActionResponse>, ProblemHttpResult, ValidationProblem> Answer(Core.Actions.ActionResult result) =>
        result.Succeeded ? TypedResults.Ok(new ActionResponse(result.Outcome, result.Message, null)) : ApiResults.Problem(result);
}
