namespace Dashboard.Components.Sessions;

/// <summary>
/// What the user opened, closed and filtered on one page: sessions, tree nodes, groups and each session's filter,
/// kept by id so live updates that replace every view object never collapse or reset them.
/// </summary>
public sealed class TreeExpansion
{
    private readonly HashSet<string> _openSessions = [];
    private readonly HashSet<string> _closedNodes = [];
    private readonly Dictionary<Guid, MachineFilter> _filters = [];

    public bool IsSessionOpen(Guid sessionId) => _openSessions.Contains(sessionId.ToString());

    public void SetSessionOpen(Guid sessionId, bool open) => Set(_openSessions, sessionId.ToString(), open);

    /// <summary>Nodes and groups start expanded, so opening a cluster shows its machines at once.</summary>
    public bool IsNodeOpen(string key) => !_closedNodes.Contains(key);

    public void SetNodeOpen(string key, bool open) => Set(_closedNodes, key, !open);

    public MachineFilter FilterOf(Guid sessionId)
    {
        if (!_filters.TryGetValue(sessionId, out var filter))
            _filters[sessionId] = filter = new MachineFilter();
        return filter;
    }

    private static void Set(HashSet<string> set, string key, bool member)
    {
        if (member)
            set.Add(key);
        else
            set.Remove(key);
    }
}
