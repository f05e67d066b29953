using Dashboard.Tests.Support;
using Dashboard.Components.Sessions;
using Dashboard.Core.Domain;

namespace Dashboard.Tests.Components;

/// <summary>How each formation kind lays its machines out as a tree (a pure function).</summary>
public sealed class SessionTreeTests
{
    [Fact]
    public void A_big_data_cluster_nests_workers_under_the_master_under_the_proxy()
    {
        var session = TestMachines.Session(FormationKind.BigDataCluster,
            (MachineRole.Proxy, 1), (MachineRole.Master, 1), (MachineRole.Worker, 1), (MachineRole.Worker, 2), (MachineRole.Worker, 3));

        var tree = SessionTree.Build(session);

        var proxy = Assert.Single(tree);
        Assert.Equal("proxy-1", Name(proxy));
        var master = Assert.Single(proxy.Children);
        Assert.Equal("master-1", Name(master));
        Assert.Equal(["worker-1", "worker-2", "worker-3"], master.Children.Select(Name));
        Assert.All(master.Children, w => Assert.Empty(w.Children));
    }

    [Fact]
    public void A_big_data_cluster_without_its_proxy_moves_the_master_up()
    {
        var session = TestMachines.Session(FormationKind.BigDataCluster, (MachineRole.Master, 1), (MachineRole.Worker, 1), (MachineRole.Worker, 2));

        var master = Assert.Single(SessionTree.Build(session));

        Assert.Equal("master-1", Name(master));
        Assert.Equal(["worker-1", "worker-2"], master.Children.Select(Name));
    }

    [Fact]
    public void An_hpc_cluster_puts_compute_nodes_under_the_head_and_the_shared_storage_beside_it()
    {
        var session = TestMachines.Session(FormationKind.HpcCluster, (MachineRole.Head, 1), (MachineRole.Compute, 1), (MachineRole.Compute, 2))
            with { SharedStorage = "NFS share" };

        var tree = SessionTree.Build(session);

        Assert.Equal(2, tree.Count);
        Assert.Equal("head-1", Name(tree[0]));
        Assert.Equal(["compute-1", "compute-2"], tree[0].Children.Select(Name));
        Assert.Null(tree[1].Machine);
        Assert.Equal("NFS share", tree[1].Storage);
        Assert.Empty(tree[1].Children);
        Assert.Equal(tree.Count + tree[0].Children.Count, AllKeys(tree).Distinct().Count());
    }

    [Fact]
    public void A_pool_is_flat()
    {
        var session = TestMachines.Session(FormationKind.MachinePool, (MachineRole.PoolMember, 1), (MachineRole.PoolMember, 2), (MachineRole.PoolMember, 3));

        var tree = SessionTree.Build(session);

        Assert.Equal(["poolmember-1", "poolmember-2", "poolmember-3"], tree.Select(Name));
        Assert.All(tree, n => Assert.Empty(n.Children));
        Assert.Equal(session.Machines.Select(m => m.Id.ToString()), tree.Select(n => n.Key));
    }

    private static string Name(TreeNode node) => node.Machine?.Name ?? "storage";

    private static IEnumerable<string> AllKeys(IEnumerable<TreeNode> nodes) =>
        nodes.SelectMany(n => AllKeys(n.Children).Prepend(n.Key));
}
