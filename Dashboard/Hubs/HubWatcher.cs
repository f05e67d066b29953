using System.Collections.Concurrent;
using System.Security.Claims;
using Dashboard.Core.People;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Hubs;

/// <summary>One hub connection: who it is, which sessions it watches, and its own feed.</summary>
public sealed class HubWatcher(HubCallerContext connection, Viewer viewer, HubFeed feed) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, bool> _sessions = new(StringComparer.Ordinal);

    public string ConnectionId { get; } = connection.ConnectionId;

    /// <summary>The sign-in the connection was opened with, checked again while it lasts.</summary>
    public ClaimsPrincipal Principal { get; } = connection.User ?? new ClaimsPrincipal();
    public Viewer Viewer { get; } = viewer;
    public HubFeed Feed { get; } = feed;
    public bool WatchesAll { get; set; }

    /// <summary>The connection asked for deltas (<c>SessionDelta</c>) instead of whole sessions (<c>SessionChanged</c>).</summary>
    public bool WantsDeltas { get; set; }

    public bool Watches(string sessionName) => WatchesAll || WatchesByName(sessionName);

    /// <summary>Watched through Watch(name), which checked that this person may see it.</summary>
    public bool WatchesByName(string sessionName) => _sessions.ContainsKey(sessionName);

    public void Watch(string sessionName) => _sessions[sessionName] = true;

    public void Unwatch(string sessionName)
    {
        _sessions.TryRemove(sessionName, out _);
        if (!Watches(sessionName))
            Feed.Drop(sessionName);
    }

    /// <summary>Closes the connection from the server's side; the client sees it end.</summary>
    public void Abort() => connection.Abort();

    public ValueTask DisposeAsync() => Feed.DisposeAsync();
}
