using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Hubs;

/// <summary>
/// Live session state for external tools and signed-in people. Clients call <see cref="Watch"/> (or
/// <see cref="WatchAll"/>) and receive <c>SessionChanged</c> and <c>SessionRemoved</c> — only for what they may
/// see: a student's connection carries only their own machines.
/// </summary>
[Authorize]
public sealed class SessionsHub(SessionMonitor monitor, HubWatchers watchers) : Hub
{
    public const string Path = "/hubs/sessions";

    public override Task OnConnectedAsync()
    {
        watchers.Add(Context);
        return base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await watchers.RemoveAsync(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    public IReadOnlyList<SessionView> GetSessions() => Visible(monitor.Sessions);

    /// <summary>Whether the states sent are fresh; changes of it arrive as <c>CloudHealthChanged(health)</c>.</summary>
    public CloudHealth GetCloudHealth() => monitor.Health;

    /// <summary>Starts receiving one session's changes and returns what of it the caller may see.</summary>
    public SessionView Watch(string sessionName)
    {
        var visible = monitor.FindSession(sessionName) is { } session ? AccessPolicy.VisiblePart(Me.Viewer, session) : null;
        if (visible is null)
            throw new HubException($"There is no session named {sessionName} that you may see.");
        Me.Watch(sessionName);
        return visible;
    }

    public void Unwatch(string sessionName) => Me.Unwatch(sessionName);

    public IReadOnlyList<SessionView> WatchAll()
    {
        Me.WatchesAll = true;
        return Visible(monitor.Sessions);
    }

    /// <summary>
    /// As <see cref="Watch"/>, but this connection's changes then arrive as <c>SessionDelta</c>: the header and only
    /// the machines that changed. Registered before the picture is read, so no change falls between the two.
    /// </summary>
    public SessionView WatchDeltas(string sessionName)
    {
        Me.WantsDeltas = true;
        Me.Watch(sessionName);
        var visible = monitor.FindSession(sessionName) is { } session ? AccessPolicy.VisiblePart(Me.Viewer, session) : null;
        if (visible is null)
        {
            Me.Unwatch(sessionName);
            throw new HubException($"There is no session named {sessionName} that you may see.");
        }

        return visible;
    }

    /// <summary>As <see cref="WatchAll"/>, with changes as <c>SessionDelta</c>.</summary>
    public IReadOnlyList<SessionView> WatchAllDeltas()
    {
        Me.WantsDeltas = true;
        Me.WatchesAll = true;
        return Visible(monitor.Sessions);
    }

    private HubWatcher Me => watchers.Find(Context.ConnectionId)
        ?? throw new HubException("This connection is not registered.");

    private List<SessionView> Visible(IEnumerable<SessionView> sessions) =>
        sessions.Select(s => AccessPolicy.VisiblePart(Me.Viewer, s)).OfType<SessionView>().ToList();
}
