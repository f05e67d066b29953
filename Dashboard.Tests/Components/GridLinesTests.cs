using Dashboard.Tests.Support;
using Dashboard.Components.Sessions;
using Dashboard.Core.Domain;

namespace Dashboard.Tests.Components;

/// <summary>How a session's tree becomes the grid's flat lines (a pure function).</summary>
public sealed class GridLinesTests
{
    [Fact]
    public void A_small_cluster_is_indented_proxy_master_workers_without_a_group_line()
    {
        var session = Cluster(workers: 6);

        var lines = GridLines.Build(session, new TreeExpansion(), new MachineFilter());

        Assert.Equal(["proxy-1:0", "master-1:1", .. Enumerable.Range(1, 6).Select(i => $"worker-{i}:2")], lines.Select(Describe));
        Assert.True(((MachineLine)lines[1]).HasChildren);
        Assert.False(((MachineLine)lines[2]).HasChildren);
    }

    [Fact]
    public void Many_workers_get_a_summary_line_that_collapses_them()
    {
        var session = Cluster(workers: 20, evicted: 3);
        var expansion = new TreeExpansion();

        var lines = GridLines.Build(session, expansion, new MachineFilter());

        var group = Assert.IsType<GroupLine>(lines[2]);
        Assert.Equal(2, group.Depth);
        Assert.Equal("workers 20: 17 running, 3 evicted", group.Summary);
        Assert.All(lines.Skip(3), l => Assert.Equal(3, l.Depth));
        Assert.Equal(23, lines.Count);

        expansion.SetNodeOpen(group.Key, false);
        Assert.Equal(["proxy-1:0", "master-1:1", "group:2"], GridLines.Build(session, expansion, new MachineFilter()).Select(Describe));
    }

    [Fact]
    public void A_collapsed_master_hides_everything_below_it()
    {
        var session = Cluster(workers: 20);
        var expansion = new TreeExpansion();
        expansion.SetNodeOpen(session.Machines.Single(m => m.Role == MachineRole.Master).Id.ToString(), false);

        var lines = GridLines.Build(session, expansion, new MachineFilter());

        Assert.Equal(["proxy-1:0", "master-1:1"], lines.Select(Describe));
        Assert.False(((MachineLine)lines[1]).Open);
    }

    [Fact]
    public void A_filter_keeps_matching_machines_and_the_machines_above_them_as_context_and_drops_the_storage()
    {
        var session = TestMachines.Session(FormationKind.HpcCluster, [(MachineRole.Head, 1), .. Enumerable.Range(1, 12).Select(i => (MachineRole.Compute, i))])
            with { SharedStorage = "NFS share" };
        Assert.IsType<StorageLine>(GridLines.Build(session, new TreeExpansion(), new MachineFilter())[^1]);

        var lines = GridLines.Build(session, new TreeExpansion(), new MachineFilter { Name = "COMPUTE-1" });

        Assert.Equal(["head-1:0", "group:1", "compute-1:2", "compute-10:2", "compute-11:2", "compute-12:2"], lines.Select(Describe));
        Assert.True(((MachineLine)lines[0]).Context);
        Assert.Equal("compute nodes 12: 12 running · 4 shown", ((GroupLine)lines[1]).Summary);
        Assert.Empty(GridLines.Build(session, new TreeExpansion(), new MachineFilter { State = MachineState.Failed }));
    }

    private static string Describe(GridLine line) => line switch
    {
        MachineLine m => $"{m.Machine.Name}:{m.Depth}",
        GroupLine g => $"group:{g.Depth}",
        _ => $"storage:{line.Depth}",
    };

    private static SessionView Cluster(int workers, int evicted = 0)
    {
        var session = TestMachines.Session(FormationKind.BigDataCluster,
            [(MachineRole.Proxy, 1), (MachineRole.Master, 1), .. Enumerable.Range(1, workers).Select(i => (MachineRole.Worker, i))]);
        return session with
        {
            Machines = [.. session.Machines.Select(m => m.Role == MachineRole.Worker && m.Ordinal > workers - evicted ? m with { State = MachineState.Evicted } : m)],
        };
    }
}
