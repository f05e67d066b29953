using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Hubs;

/// <summary>
/// Live session state for external tools. Clients join a session's group with <see cref="Watch"/> (or every
/// session with <see cref="WatchAll"/>) and receive <c>SessionChanged</c> and <c>SessionRemoved</c>.
/// </summary>
public sealed class SessionsHub(SessionMonitor monitor) : Hub
{
    public const string Path = "/hubs/sessions";
    public const string AllGroup = "sessions:all";

    public static string GroupOf(string sessionName) => "session:" + sessionName;

    public IReadOnlyList<SessionView> GetSessions() => monitor.Sessions;

    /// <summary>Starts receiving one session's changes and returns its current state.</summary>
    public async Task<SessionView?> Watch(string sessionName)
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(sessionName));
        return monitor.FindSession(sessionName);
    }

    public Task Unwatch(string sessionName) => Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupOf(sessionName));

    public async Task<IReadOnlyList<SessionView>> WatchAll()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, AllGroup);
        return monitor.Sessions;
    }
}
