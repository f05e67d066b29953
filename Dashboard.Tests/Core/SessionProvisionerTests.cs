using Dashboard.Core.People;
using Dashboard.Core.Domain;
using Dashboard.Core.Sessions;
using Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Core;

public sealed class SessionProvisionerTests
{
    private static readonly Viewer Owner = Viewer.For("bob@demo.test", Roles.Instructor);

    [Fact]
    public async Task A_new_big_data_session_shows_its_machines_creating_and_then_running()
    {
        await using var core = await CoreHost.StartAsync();
        var request = await SparkRequestAsync(core, "etl-nightly");

        var result = await core.Provisioner.CreateAsync(request, Owner, CancellationToken.None);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var session = result.Session!;
        Assert.Equal(["etl-nightly-proxy", "etl-nightly-master", "etl-nightly-worker-01", "etl-nightly-worker-02"],
            session.Machines.Select(m => m.Name));
        Assert.All(session.Machines, m => Assert.Equal(MachineState.Creating, m.State));
        Assert.Equal(Owner.Name, session.Owner);
        await Eventually.TrueAsync(
            () => core.Monitor.FindSession(session.Id)!.Machines.All(m => m.State == MachineState.Running),
            "every machine of the new session runs");
        Assert.True(core.Monitor.FindSession(session.Id)!.Machines.Single(m => m.Name.EndsWith("-02", StringComparison.Ordinal)).IsSpot);
        var history = await MachineCommandsTests.HistoryOnceItReachesAsync(core, session.Machines[^1], MachineState.Running);
        Assert.Equal(MachineState.Creating, history[0].From);
        await using var db = core.CreateDbContext();
        Assert.Equal(4, await db.Machines.CountAsync(m => m.SessionId == session.Id));
    }

    [Fact]
    public async Task A_pool_larger_than_the_provisioning_concurrency_gets_every_machine_running()
    {
        await using var core = await CoreHost.StartAsync();
        var formations = await core.Store.GetFormationsAsync(CancellationToken.None);
        var pool = formations.Single(f => f.Kind == FormationKind.MachinePool);
        var request = new CreateSessionRequest { FormationId = pool.Id, Name = "big-class", Count = 30, Size = pool.Size };

        var result = await core.Provisioner.CreateAsync(request, Owner, CancellationToken.None);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        // Machines still waiting their turn are not listed by the cloud yet; they must not be taken for deleted.
        await Eventually.TrueAsync(
            () => core.Monitor.FindSession(result.Session!.Id)?.Machines.All(m => m.State == MachineState.Running) ?? true,
            "the provisioning settles");
        Assert.Equal(30, core.Monitor.FindSession(result.Session!.Id)?.Machines.Length);
        Assert.Equal(30, (await core.Cloud.ListAsync(CancellationToken.None)).Count(m => m.Name.StartsWith("big-class-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_session_named_like_a_live_one_is_refused()
    {
        await using var core = await CoreHost.StartAsync();
        var request = await SparkRequestAsync(core, "spark-analytics");

        var result = await core.Provisioner.CreateAsync(request, Owner, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(new ValidationError("Name", "A session named spark-analytics already exists."), Assert.Single(result.Errors));
        Assert.Single(core.Monitor.Sessions, s => s.Name == "spark-analytics");
    }

    [Fact]
    public async Task An_invalid_request_is_refused_with_an_error_per_field_and_creates_nothing()
    {
        await using var core = await CoreHost.StartAsync();
        var request = await SparkRequestAsync(core, "Bad Name");
        request.Count = 0;
        request.SpotCount = 0;
        request.Size = "Standard_Z99";

        var result = await core.Provisioner.CreateAsync(request, Owner, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(["Count", "Name", "Size"], result.Errors.Select(e => e.Field).Order());
        Assert.Equal(4, core.Monitor.Sessions.Count);
        Assert.Equal(31, (await core.Cloud.ListAsync(CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_request_without_a_known_formation_asks_to_choose_one()
    {
        await using var core = await CoreHost.StartAsync();

        var result = await core.Provisioner.CreateAsync(
            new CreateSessionRequest { Name = "orphan", Size = "Standard_B2s" }, Owner, CancellationToken.None);

        Assert.Equal(new ValidationError("FormationId", "Choose a formation."), Assert.Single(result.Errors));
    }

    private static async Task<CreateSessionRequest> SparkRequestAsync(CoreHost core, string name)
    {
        var formations = await core.Store.GetFormationsAsync(CancellationToken.None);
        var spark = formations.Single(f => f.Kind == FormationKind.BigDataCluster);
        return new CreateSessionRequest
        {
            FormationId = spark.Id,
            Name = name,
            Count = 2,
            SpotCount = 1,
            Size = spark.Size,
            EvictionPolicy = EvictionPolicy.Delete,
        };
    }
}
