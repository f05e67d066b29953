using Dashboard.Core.Domain;
using Dashboard.Core.Sessions;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Core;

public sealed class NewSessionPollTests
{
    [Fact]
    public async Task A_poll_before_provisioning_starts_keeps_the_new_machines_the_cloud_does_not_list_yet()
    {
        await using var core = await CoreHost.StartAsync();
        var formation = (await core.Store.GetFormationsAsync(CancellationToken.None)).Single(f => f.Kind == FormationKind.BigDataCluster);
        var request = new CreateSessionRequest
        {
            FormationId = formation.Id, Name = "race", Count = 2, Size = formation.Size,
        };
        var session = SessionPlanner.Plan(formation, request, "tester", DateTimeOffset.UtcNow, core.Cloud);

        // The provisioner adds the session, then creates its machines in the cloud: a poll can fall in between.
        await core.Store.AddSessionAsync(session, CancellationToken.None);
        await core.Operations.AddCreatingAsync(SessionView.From(session), "tester");
        await core.Poller.PollOnceAsync(CancellationToken.None);

        var shown = core.Monitor.FindSession(session.Id);
        Assert.NotNull(shown);
        Assert.Equal(4, shown.Machines.Length);
        Assert.All(shown.Machines, m => Assert.Equal(MachineState.Creating, m.State));
    }
}
