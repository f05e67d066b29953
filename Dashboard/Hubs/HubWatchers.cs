using System.Collections.Concurrent;
using Dashboard.Core.People;

namespace Dashboard.Hubs;

/// <summary>Who is connected to the hub and what each connection watches; changes are filtered per person.</summary>
public sealed class HubWatchers
{
    private readonly ConcurrentDictionary<string, Watcher> _watchers = new();

    public void Add(string connectionId, Viewer viewer) => _watchers[connectionId] = new Watcher(viewer);

    public void Remove(string connectionId) => _watchers.TryRemove(connectionId, out _);

    public Watcher? Find(string connectionId) => _watchers.GetValueOrDefault(connectionId);

    public IEnumerable<(string ConnectionId, Watcher Watcher)> All => _watchers.Select(w => (w.Key, w.Value));

    public sealed class Watcher(Viewer viewer)
    {
        private readonly ConcurrentDictionary<string, bool> _sessions = new(StringComparer.Ordinal);

        public Viewer Viewer { get; } = viewer;
        public bool WatchesAll { get; set; }

        public bool Watches(string sessionName) => WatchesAll || WatchesByName(sessionName);

        /// <summary>Watched through Watch(name), which checked that this person may see it.</summary>
        public bool WatchesByName(string sessionName) => _sessions.ContainsKey(sessionName);
        public void Watch(string sessionName) => _sessions[sessionName] = true;
        public void Unwatch(string sessionName) => _sessions.TryRemove(sessionName, out _);
    }
}
