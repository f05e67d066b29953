using Dashboard.Core.Domain;

namespace Dashboard.Components.Sessions;

/// <summary>One node of a session's tree: a machine, or the shared storage (which is not a VM).</summary>
public sealed record TreeNode(string Key, MachineView? Machine, string? Storage, IReadOnlyList<TreeNode> Children);

/// <summary>Lays a session's machines out the way its formation connects them.</summary>
public static class SessionTree
{
    public static IReadOnlyList<TreeNode> Build(SessionView session)
    {
        var byRole = session.Machines.ToLookup(m => m.Role);
        IReadOnlyList<TreeNode> Leaves(MachineRole role) => [.. byRole[role].Select(m => Node(m, []))];

        return session.Kind switch
        {
            FormationKind.VirtualLab => Chain(byRole[MachineRole.Proxy], Leaves(MachineRole.Target)),
            FormationKind.BigDataCluster => Chain(byRole[MachineRole.Proxy],
                Chain(byRole[MachineRole.Master], Leaves(MachineRole.Worker))),
            FormationKind.HpcCluster =>
            [
                .. Chain(byRole[MachineRole.Head], Leaves(MachineRole.Compute)),
                .. session.SharedStorage is { } storage ? [new TreeNode($"{session.Id}:storage", null, storage, [])] : Array.Empty<TreeNode>(),
            ],
            _ => [.. session.Machines.Select(m => Node(m, []))],
        };
    }

    /// <summary>The parent machine(s) with the children below; if the parent is gone, the children move up.</summary>
    private static IReadOnlyList<TreeNode> Chain(IEnumerable<MachineView> parents, IReadOnlyList<TreeNode> children)
    {
        var list = parents.ToList();
        return list.Count == 0 ? children : [Node(list[0], children), .. list.Skip(1).Select(p => Node(p, []))];
    }

    private static TreeNode Node(MachineView machine, IReadOnlyList<TreeNode> children) =>
        new(machine.Id.ToString(), machine, null, children);
}
