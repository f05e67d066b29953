using System.Security.Claims;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dashboard.Api;

/// <summary>
/// Sessions and machines, read: only the part <see cref="AccessPolicy.VisiblePart"/> gives the caller. What they may
/// not see answers 404, the same as what does not exist.
/// </summary>
public static class SessionEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var read = api.MapGroup("").RequireAuthorization(ApiAuthentication.ReadPolicy).WithTags("Sessions");
        read.MapGet("/sessions", ListSessions).WithName("ListSessions").WithSummary("The sessions the caller may see, each with only the machines they may see.");
        read.MapGet("/sessions/{name}", GetSession).WithName("GetSession").WithSummary("One session, as far as the caller may see it.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/sessions/{name}/machines", ListMachines).WithName("ListMachines").WithSummary("The machines of a session the caller may see.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/machines/{id:guid}", GetMachine).WithName("GetMachine").WithSummary("One machine.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static Ok<IReadOnlyList<SessionView>> ListSessions(ClaimsPrincipal user, SessionMonitor monitor)
    {
        var viewer = Viewer.From(user);
        return TypedResults.Ok<IReadOnlyList<SessionView>>([.. monitor.Sessions.Select(s => AccessPolicy.VisiblePart(viewer, s)).OfType<SessionView>()]);
    }

    private static Results<Ok<SessionView>, ProblemHttpResult> GetSession(string name, ClaimsPrincipal user, SessionMonitor monitor) =>
        Visible(name, user, monitor) is { } session ? TypedResults.Ok(session) : NoSession(name);

    private static Results<Ok<IReadOnlyList<MachineView>>, ProblemHttpResult> ListMachines(string name, ClaimsPrincipal user, SessionMonitor monitor) =>
        Visible(name, user, monitor) is { } session ? TypedResults.Ok<IReadOnlyList<MachineView>>([.. session.Machines]) : NoSession(name);

    private static Results<Ok<MachineView>, ProblemHttpResult> GetMachine(Guid id, ClaimsPrincipal user, SessionMonitor monitor) =>
        VisibleMachine(id, Viewer.From(user), monitor) is { } found ? TypedResults.Ok(found.Machine) : NoMachine();

    public static SessionView? Visible(string name, ClaimsPrincipal user, SessionMonitor monitor) =>
        monitor.FindSession(name) is { } session ? AccessPolicy.VisiblePart(Viewer.From(user), session) : null;

    /// <summary>The machine and its (visible part of the) session, when the viewer may see it.</summary>
    public static (SessionView Session, MachineView Machine)? VisibleMachine(Guid id, Viewer viewer, SessionMonitor monitor)
    {
        if (monitor.FindMachine(id) is not { } machine || monitor.FindSession(machine.SessionId) is not { } session)
            return null;
        var visible = AccessPolicy.VisiblePart(viewer, session);
        return visible is not null && visible.Machines.Any(m => m.Id == id) ? (visible, machine) : null;
    }

    public static ProblemHttpResult NoSession(string name) => ApiResults.NotFound($"There is no session named {name} that you may see.");

    public static ProblemHttpResult NoMachine() => ApiResults.NotFound("There is no such machine that you may see.");
}
