using Dashboard.Core.Domain;

namespace Dashboard.Components.Sessions;

/// <summary>One line of a session's machine grid, indented by its depth in the session's tree.</summary>
public abstract record GridLine(string Key, int Depth);

/// <summary>A machine; <paramref name="Context"/> when it is shown only because machines below it match the filter.</summary>
public sealed record MachineLine(MachineView Machine, int Depth, bool HasChildren, bool Open, bool Context)
    : GridLine(Machine.Id.ToString(), Depth);

/// <summary>The summary of a large group of machines of one role (workers, compute nodes, pool members).</summary>
public sealed record GroupLine(string Key, MachineRole Role, int Depth, IReadOnlyList<MachineView> Members, int Shown, bool Open)
    : GridLine(Key, Depth)
{
    /// <summary>E.g. "workers 500: 480 running, 20 evicted", plus how many the filter shows.</summary>
    public string Summary
    {
        get
        {
            var counts = Members.GroupBy(m => m.State)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key)
                .Select(g => $"{g.Count()} {DisplayText.Of(g.Key)}");
            var shown = Shown < Members.Count ? $" · {Shown} shown" : "";
            return $"{GridLines.GroupLabel(Role)} {Members.Count}: {string.Join(", ", counts)}{shown}";
        }
    }
}

/// <summary>The HPC cluster's shared storage: not a VM, so no state and no buttons.</summary>
public sealed record StorageLine(string Key, string Storage, int Depth) : GridLine(Key, Depth);

/// <summary>
/// Flattens a session's tree (<see cref="SessionTree"/>) into the lines the grid shows: what is collapsed is left out,
/// large groups get a summary line, and a filter keeps matching machines plus the machines above them.
/// </summary>
public static class GridLines
{
    /// <summary>Groups larger than this get a summary line that can be collapsed.</summary>
    public const int GroupThreshold = 8;

    public static List<GridLine> Build(SessionView session, TreeExpansion expansion, MachineFilter filter)
    {
        var lines = new List<GridLine>(session.Machines.Length + 4);
        AddNodes(lines, SessionTree.Build(session), 0, session.Id.ToString(), expansion, filter);
        return lines;
    }

    public static string GroupLabel(MachineRole role) =>
        role == MachineRole.PoolMember ? "pool members" : DisplayText.PluralOf(role);

    private static void AddNodes(List<GridLine> lines, IReadOnlyList<TreeNode> nodes, int depth, string parentKey,
        TreeExpansion expansion, MachineFilter filter)
    {
        foreach (var run in RunsOf(nodes))
        {
            if (run.Count > GroupThreshold && run[0].Machine is { } first)
                AddGroup(lines, [.. run.Select(n => n.Machine!)], first.Role, depth, $"{parentKey}:{first.Role}", expansion, filter);
            else
                run.ForEach(node => AddNode(lines, node, depth, expansion, filter));
        }
    }

    private static void AddGroup(List<GridLine> lines, IReadOnlyList<MachineView> members, MachineRole role, int depth,
        string key, TreeExpansion expansion, MachineFilter filter)
    {
        var shown = filter.IsActive ? members.Where(filter.Matches).ToList() : members;
        if (shown.Count == 0 && filter.IsActive)
            return;
        var open = expansion.IsNodeOpen(key);
        lines.Add(new GroupLine(key, role, depth, members, shown.Count, open));
        if (open)
            lines.AddRange(shown.Select(m => new MachineLine(m, depth + 1, false, false, false)));
    }

    private static void AddNode(List<GridLine> lines, TreeNode node, int depth, TreeExpansion expansion, MachineFilter filter)
    {
        if (node.Machine is not { } machine)
        {
            // Storage is not a machine: a filter on machines leaves it out.
            if (node.Storage is { } storage && !filter.IsActive)
                lines.Add(new StorageLine(node.Key, storage, depth));
            return;
        }

        var matches = !filter.IsActive || filter.Matches(machine);
        if (!matches && !node.Children.Any(c => AnyMatch(c, filter)))
            return;
        var open = expansion.IsNodeOpen(node.Key);
        lines.Add(new MachineLine(machine, depth, node.Children.Count > 0, open, !matches));
        if (open)
            AddNodes(lines, node.Children, depth + 1, node.Key, expansion, filter);
    }

    private static bool AnyMatch(TreeNode node, MachineFilter filter) =>
        (node.Machine is { } m && filter.Matches(m)) || node.Children.Any(c => AnyMatch(c, filter));

    /// <summary>Consecutive leaf machines of one role form a run (a group candidate); anything else stands alone.</summary>
    private static IEnumerable<List<TreeNode>> RunsOf(IReadOnlyList<TreeNode> nodes)
    {
        var run = new List<TreeNode>();
        foreach (var node in nodes)
        {
            var leaf = node.Machine is not null && node.Children.Count == 0;
            if (run.Count > 0 && !(leaf && run[^1].Machine is { } last && last.Role == node.Machine!.Role && run[^1].Children.Count == 0))
            {
                yield return run;
                run = [];
            }

            run.Add(node);
        }

        if (run.Count > 0)
            yield return run;
    }
}
