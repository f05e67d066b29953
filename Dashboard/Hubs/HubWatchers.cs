using System.Collections.Concurrent;
using Dashboard.Core.People;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Dashboard.Hubs;

/// <summary>Who is connected to the hub and what each connection watches; changes are filtered per person.</summary>
public sealed class HubWatchers(
    IHubContext<SessionsHub> hub,
    IOptions<HubFanOutOptions> options,
    TimeProvider time,
    ILogger<HubFeed> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, HubWatcher> _watchers = new();

    /// <summary>Registers a new connection and starts its feed; the context is kept to disconnect a lagging client.</summary>
    public HubWatcher Add(HubCallerContext connection)
    {
        var feed = new HubFeed(connection, hub.Clients.Client(connection.ConnectionId), options.Value, time, logger);
        var watcher = new HubWatcher(connection, Viewer.From(connection.User!), feed);
        _watchers[connection.ConnectionId] = watcher;
        return watcher;
    }

    public async Task RemoveAsync(string connectionId)
    {
        if (_watchers.TryRemove(connectionId, out var watcher))
            await watcher.DisposeAsync();
    }

    public HubWatcher? Find(string connectionId) => _watchers.GetValueOrDefault(connectionId);

    public IEnumerable<HubWatcher> All => _watchers.Select(w => w.Value);

    /// <summary>Open hub connections (the hub-clients gauge).</summary>
    public int Count => _watchers.Count;

    /// <summary>Stops the feeds of connections still open when the host stops.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var connectionId in _watchers.Keys)
            await RemoveAsync(connectionId);
    }
}
