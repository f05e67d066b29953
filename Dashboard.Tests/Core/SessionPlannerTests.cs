using Dashboard.Tests.Support;
using Dashboard.Core.Cloud.Simulated;
using Dashboard.Core.Domain;
using Dashboard.Core.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Core;

public sealed class SessionPlannerTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private readonly SimulatedCloud _cloud =
        new(Options.Create(new SimulatedCloudOptions()), TestPacers.Unlimited(), TimeProvider.System, NullLogger<SimulatedCloud>.Instance);

    public void Dispose() => _cloud.Dispose();

    [Theory]
    [InlineData("Spark")]
    [InlineData("ab")]
    [InlineData("spark-")]
    [InlineData("1spark")]
    [InlineData("spark_cluster")]
    [InlineData("")]
    [InlineData("a234567890123456789012345678901")]
    public void A_name_that_is_not_lower_case_letters_digits_and_hyphens_of_3_to_30_is_refused(string name)
    {
        var errors = SessionPlanner.Validate(Formation(FormationKind.MachinePool), Request(name: name));

        Assert.Equal(nameof(CreateSessionRequest.Name), Assert.Single(errors).Field);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("spark-2026")]
    [InlineData("a23456789012345678901234567890")]
    public void A_well_formed_name_is_accepted(string name)
    {
        Assert.Empty(SessionPlanner.Validate(Formation(FormationKind.MachinePool), Request(name: name)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(501)]
    public void A_count_outside_1_to_500_is_refused(int count)
    {
        var errors = SessionPlanner.Validate(Formation(FormationKind.MachinePool), Request(count: count));

        var error = Assert.Single(errors);
        Assert.Equal(nameof(CreateSessionRequest.Count), error.Field);
        Assert.Equal("The count must be between 1 and 500.", error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(500)]
    public void A_count_from_1_to_500_is_accepted(int count)
    {
        Assert.Empty(SessionPlanner.Validate(Formation(FormationKind.BigDataCluster), Request(count: count)));
    }

    [Fact]
    public void A_size_that_is_not_offered_is_refused()
    {
        var errors = SessionPlanner.Validate(Formation(FormationKind.MachinePool), Request(size: "Standard_Z99"));

        Assert.Equal(new ValidationError(nameof(CreateSessionRequest.Size), "Choose a size from the list."), Assert.Single(errors));
    }

    [Theory]
    [InlineData(FormationKind.MachinePool, "Machine Pool")]
    [InlineData(FormationKind.VirtualLab, "Virtual Lab")]
    public void Spot_is_refused_where_there_are_no_worker_or_compute_nodes(FormationKind kind, string shown)
    {
        var errors = SessionPlanner.Validate(Formation(kind), Request(count: 1, spot: 1));

        var error = Assert.Single(errors);
        Assert.Equal(nameof(CreateSessionRequest.SpotCount), error.Field);
        Assert.StartsWith("Spot is only for worker and compute nodes", error.Message);
        Assert.Contains(shown, error.Message);
    }

    [Fact]
    public void More_spot_machines_than_the_count_is_refused()
    {
        var errors = SessionPlanner.Validate(Formation(FormationKind.HpcCluster), Request(count: 2, spot: 3));

        Assert.Equal(nameof(CreateSessionRequest.SpotCount), Assert.Single(errors).Field);
    }

    [Fact]
    public void Hibernation_on_a_size_that_does_not_support_it_is_refused()
    {
        var errors = SessionPlanner.Validate(Formation(FormationKind.MachinePool),
            Request(size: "Standard_F4s_v2", hibernation: true));

        Assert.Equal(new ValidationError(nameof(CreateSessionRequest.HibernationEnabled),
            "Standard_F4s_v2 does not support hibernation."), Assert.Single(errors));
    }

    [Fact]
    public void A_virtual_lab_has_exactly_one_target()
    {
        var errors = SessionPlanner.Validate(Formation(FormationKind.VirtualLab), Request(count: 2));

        Assert.Equal(nameof(CreateSessionRequest.Count), Assert.Single(errors).Field);
    }

    [Fact]
    public void A_machine_pool_has_one_numbered_member_per_count()
    {
        var session = Plan(FormationKind.MachinePool, Request(name: "python", count: 3));

        Assert.Equal(["python-01", "python-02", "python-03"], session.Machines.Select(m => m.Name));
        Assert.All(session.Machines, m => Assert.Equal(MachineRole.PoolMember, m.Role));
        Assert.Equal([1, 2, 3], session.Machines.Select(m => m.Ordinal));
    }

    [Fact]
    public void A_virtual_lab_has_a_proxy_and_a_target()
    {
        var session = Plan(FormationKind.VirtualLab, Request(name: "desk", count: 1));

        Assert.Equal([("desk-proxy", MachineRole.Proxy), ("desk-target", MachineRole.Target)],
            session.Machines.Select(m => (m.Name, m.Role)));
    }

    [Fact]
    public void A_big_data_cluster_puts_its_last_workers_on_spot_with_the_chosen_eviction_policy()
    {
        var session = Plan(FormationKind.BigDataCluster,
            Request(name: "spark", count: 4, spot: 2, policy: EvictionPolicy.Delete));

        Assert.Equal(["spark-proxy", "spark-master", "spark-worker-01", "spark-worker-02", "spark-worker-03", "spark-worker-04"],
            session.Machines.Select(m => m.Name));
        Assert.Equal([false, false, false, false, true, true], session.Machines.Select(m => m.Priority == MachinePriority.Spot));
        Assert.Equal([null, null, null, null, EvictionPolicy.Delete, EvictionPolicy.Delete], session.Machines.Select(m => m.EvictionPolicy));
        Assert.Null(session.SharedStorage);
    }

    [Fact]
    public void An_hpc_cluster_has_a_head_compute_nodes_and_the_formation_shared_storage()
    {
        var session = Plan(FormationKind.HpcCluster, Request(name: "hpc", count: 3, spot: 3));

        Assert.Equal(["hpc-head", "hpc-compute-01", "hpc-compute-02", "hpc-compute-03"], session.Machines.Select(m => m.Name));
        Assert.Equal([MachineRole.Head, MachineRole.Compute, MachineRole.Compute, MachineRole.Compute], session.Machines.Select(m => m.Role));
        Assert.Equal(MachinePriority.Regular, session.Machines[0].Priority);
        Assert.Equal("NFS share", session.SharedStorage);
    }

    [Fact]
    public void Hibernation_is_never_enabled_on_a_spot_machine()
    {
        var session = Plan(FormationKind.BigDataCluster, Request(count: 3, spot: 2, hibernation: true));

        Assert.All(session.Machines, m => Assert.Equal(m.Priority == MachinePriority.Regular, m.HibernationEnabled));
    }

    [Fact]
    public void Planned_machines_start_creating_with_their_cloud_id_already_known()
    {
        var session = Plan(FormationKind.BigDataCluster, Request(count: 2));

        Assert.Equal("owner@demo.test", session.Owner);
        Assert.All(session.Machines, m =>
        {
            Assert.Equal(MachineState.Creating, m.State);
            Assert.Equal(Now, m.StateSince);
            Assert.Equal(session.Id, m.SessionId);
            Assert.Equal(_cloud.IdFor(m.Name), m.CloudId);
            Assert.Equal("Standard_D4s_v5", m.Size);
        });
    }

    private Session Plan(FormationKind kind, CreateSessionRequest request)
    {
        var formation = Formation(kind);
        Assert.Empty(SessionPlanner.Validate(formation, request));
        return SessionPlanner.Plan(formation, request, "owner@demo.test", Now, _cloud);
    }

    private static Formation Formation(FormationKind kind) => new()
    {
        Name = kind.ToString(),
        Kind = kind,
        Image = "Canonical:ubuntu-24_04-lts:server:latest",
        Size = "Standard_D4s_v5",
        SharedStorage = kind == FormationKind.HpcCluster ? "NFS share" : null,
    };

    private static CreateSessionRequest Request(string name = "team-a", int count = 1, int spot = 0,
        string size = "Standard_D4s_v5", bool hibernation = false, EvictionPolicy policy = EvictionPolicy.Deallocate) => new()
    {
        Name = name,
        Count = count,
        SpotCount = spot,
        Size = size,
        HibernationEnabled = hibernation,
        EvictionPolicy = policy,
    };
}
