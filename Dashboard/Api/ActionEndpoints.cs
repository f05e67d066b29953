using System.Security.Claims;
using Dashboard.Core.Actions;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Api;

/// <summary>Machine and batch actions, through the same command service (and so the same checks and audit) as the UI.</summary>
public static class ActionEndpoints
{
    /// <summary>The actions a machine takes by name alone; restoring a snapshot needs more than a name.</summary>
    public static readonly IReadOnlyList<MachineAction> MachineActions =
        [MachineAction.Start, MachineAction.Stop, MachineAction.Hibernate, MachineAction.Reboot, MachineAction.Snapshot,
         MachineAction.Delete, MachineAction.Connect, MachineAction.Retry, MachineAction.Reimage];

    public static void Map(RouteGroupBuilder api)
    {
        var act = api.MapGroup("").RequireAuthorization(ApiAuthentication.ActPolicy).WithTags("Actions")
            .AddEndpointFilter<IdempotencyFilter>().ProducesCommandProblems();
        act.MapPost("/machines/{id:guid}/actions/{action}", RunAsync).WithName("RunMachineAction")
            .WithSummary("Runs one action on a machine: start, stop, hibernate, reboot, snapshot, delete, connect, retry or reimage.");
        act.MapPost("/sessions/{name}/actions/{batch}", RunBatchAsync).WithName("RunBatchAction")
            .WithSummary("Runs start-all, stop-all or terminate-all on a session and reports every machine's outcome.");
    }

    private static async Task<Results<Ok<ActionResponse>, ProblemHttpResult, ValidationProblem>> RunAsync(
        Guid id, string action, ClaimsPrincipal user, SessionMonitor monitor, MachineCommands commands)
    {
        if (ParseName<MachineAction>(action) is not { } parsed || !MachineActions.Contains(parsed))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["action"] = [$"action must be one of {string.Join(", ", MachineActions.Select(a => a.ToString().ToLowerInvariant()))}."],
            });
        var viewer = Viewer.From(user);
        if (SessionEndpoints.VisibleMachine(id, viewer, monitor) is null)
            return SessionEndpoints.NoMachine();
        var result = parsed == MachineAction.Reimage ? await commands.ReimageAsync(id, viewer) : await commands.RunAsync(id, parsed, viewer);
        return result.Succeeded ? TypedResults.Ok(new ActionResponse(result.Outcome, result.Message, result.Connection)) : ApiResults.Problem(result);
    }

    private static async Task<Results<Ok<BatchResponse>, ProblemHttpResult, ValidationProblem>> RunBatchAsync(
        string name, string batch, ClaimsPrincipal user, SessionMonitor monitor, MachineCommands commands)
    {
        if (ParseName<BatchAction>(batch) is not { } parsed)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["batch"] = ["batch must be one of start-all, stop-all, terminate-all."] });
        if (SessionEndpoints.Visible(name, user, monitor) is not { } session)
            return SessionEndpoints.NoSession(name);
        var result = await commands.RunBatchAsync(session.Id, parsed, Viewer.From(user));
        if (result.Refused is not null)
            return ApiResults.Forbidden(result.Refused);
        return TypedResults.Ok(BatchResponse.From(result));
    }

    /// <summary>Reads "stop-all", "StopAll" or "stopall" alike; never a number.</summary>
    public static T? ParseName<T>(string value) where T : struct, Enum =>
        Enum.TryParse<T>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var parsed)
        && Enum.IsDefined(parsed) && !value.Any(char.IsDigit) ? parsed : null;
}
