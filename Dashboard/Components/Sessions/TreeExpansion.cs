namespace Dashboard.Components.Sessions;

/// <summary>
/// Which sessions are open and which tree nodes the user closed, kept by id so live updates that replace
/// every view object never collapse what the user opened.
/// </summary>
public sealed class TreeExpansion
{
    private readonly HashSet<string> _openSessions = [];
    private readonly HashSet<string> _closedNodes = [];

    public bool IsSessionOpen(Guid sessionId) => _openSessions.Contains(sessionId.ToString());

    public void SetSessionOpen(Guid sessionId, bool open) => Set(_openSessions, sessionId.ToString(), open);

    /// <summary>Nodes start expanded, so opening a cluster shows every worker at once.</summary>
    public bool IsNodeOpen(string key) => !_closedNodes.Contains(key);

    public void SetNodeOpen(string key, bool open) => Set(_closedNodes, key, !open);

    private static void Set(HashSet<string> set, string key, bool member)
    {
        if (member)
            set.Add(key);
        else
            set.Remove(key);
    }
}
