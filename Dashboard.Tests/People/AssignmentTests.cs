using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.People;

public sealed class AssignmentTests
{
    private const string Ada = "ada@example.org";
    private const string Grace = "grace@example.org";

    [Fact]
    public async Task Unassign_assign_and_reassign_change_the_database_the_live_view_and_the_audit_trail()
    {
        await using var core = await CoreHost.StartAsync();
        var machine = core.Machine(1);
        var roster = core.Roster();

        var unassigned = await roster.UnassignAsync(TestViewers.Instructor, machine.Id);
        Assert.True(unassigned.Succeeded, unassigned.Message);
        Assert.Null(core.Monitor.FindMachine(machine.Id)!.AssignedUser);
        Assert.Null(await core.AssignedInDatabaseAsync(machine.Id));

        var assigned = await roster.AssignAsync(TestViewers.Instructor, machine.Id, $"  {Ada} ");
        Assert.True(assigned.Succeeded, assigned.Message);
        Assert.Equal(Ada, core.Monitor.FindMachine(machine.Id)!.AssignedUser);
        Assert.Equal(Ada, await core.AssignedInDatabaseAsync(machine.Id));

        var reassigned = await roster.ReassignAsync(TestViewers.Admin, machine.Id, Grace);
        Assert.True(reassigned.Succeeded, reassigned.Message);
        Assert.StartsWith($"{machine.Name} moved from {Ada} to {Grace}. A personal invitation was mailed to {Grace}", reassigned.Message);
        Assert.Equal(Grace, core.Monitor.FindMachine(machine.Id)!.AssignedUser);
        Assert.Equal(Grace, await core.AssignedInDatabaseAsync(machine.Id));

        var log = (await core.AuditAsync("Unassign")).Concat(await core.AuditAsync("Assign")).Concat(await core.AuditAsync("Reassign"))
            .OrderBy(e => e.Id).ToList();
        Assert.Equal([("Unassign", TestViewers.Instructor.Name), ("Assign", TestViewers.Instructor.Name), ("Reassign", TestViewers.Admin.Name)],
            log.Select(e => (e.Action.ToString(), e.Actor)));
        Assert.All(log, e => Assert.Equal((ActionOutcome.Succeeded, RosterKit.Pool, machine.Name), (e.Outcome, e.SessionName, e.MachineName)));
    }

    [Fact]
    public async Task A_subscriber_sees_the_new_student_as_a_session_change()
    {
        await using var core = await CoreHost.StartAsync();
        var machine = core.Machine(2);
        using var subscription = core.Monitor.Subscribe();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));

        await core.Roster().ReassignAsync(TestViewers.Instructor, machine.Id, Ada);

        await foreach (var batch in subscription.ReadChangesAsync(TimeSpan.Zero, timeout.Token))
        {
            if (batch.Any(c => c.Session.Machines.Any(m => m.Id == machine.Id && m.AssignedUser == Ada)))
                return;
        }
    }

    [Fact]
    public async Task A_machine_holds_at_most_one_student_so_assigning_a_held_machine_is_refused()
    {
        await using var core = await CoreHost.StartAsync();
        var machine = core.Machine(3);

        var result = await core.Roster().AssignAsync(TestViewers.Instructor, machine.Id, Ada);

        Assert.Equal(ActionOutcome.Refused, result.Outcome);
        Assert.Equal($"{machine.Name} is already assigned to {machine.AssignedUser}: use Reassign to hand it over.", result.Message);
        Assert.Equal(machine.AssignedUser, core.Monitor.FindMachine(machine.Id)!.AssignedUser);
        var entry = Assert.Single(await core.AuditAsync("Assign"));
        Assert.Equal((ActionOutcome.Refused, result.Message), (entry.Outcome, entry.Error));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not an e-mail")]
    [InlineData("ada@")]
    public async Task An_address_that_is_not_an_e_mail_is_refused(string email)
    {
        await using var core = await CoreHost.StartAsync();
        var machine = core.Machine(4);

        var result = await core.Roster().ReassignAsync(TestViewers.Instructor, machine.Id, email);

        Assert.Equal((ActionOutcome.Refused, RosterMessages.BadEmail), (result.Outcome, result.Message));
        Assert.Equal(machine.AssignedUser, core.Monitor.FindMachine(machine.Id)!.AssignedUser);
    }

    [Theory]
    [MemberData(nameof(InvitationTests.Outsiders), MemberType = typeof(InvitationTests))]
    public async Task Someone_who_does_not_own_the_pool_may_not_assign_unassign_or_reassign(string who)
    {
        await using var core = await CoreHost.StartAsync();
        var viewer = InvitationTests.ViewerNamed(who);
        var machine = core.Machine(5);
        var roster = core.Roster();

        var results = new[]
        {
            await roster.UnassignAsync(viewer, machine.Id),
            await roster.ReassignAsync(viewer, machine.Id, Ada),
            await roster.AssignAsync(viewer, machine.Id, Ada),
        };

        Assert.All(results, r => Assert.Equal((ActionOutcome.Refused, RosterMessages.NotAllowed), (r.Outcome, r.Message)));
        Assert.Equal(machine.AssignedUser, core.Monitor.FindMachine(machine.Id)!.AssignedUser);
        Assert.Equal(machine.AssignedUser, await core.AssignedInDatabaseAsync(machine.Id));
        foreach (var action in new[] { "Unassign", "Reassign", "Assign" })
        {
            var entry = Assert.Single(await core.AuditAsync(action));
            Assert.Equal((viewer.Name, ActionOutcome.Refused, machine.Name), (entry.Actor, entry.Outcome, entry.MachineName));
        }
    }
}
