using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Core.Setup;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.People;

public sealed class RosterCsvTests
{
    [Fact]
    public async Task The_roster_lists_every_machine_with_its_role_state_and_student()
    {
        await using var core = await CoreHost.StartAsync();
        var free = (await core.FreeMachinesAsync(1)).Single();

        var export = await core.Roster().RosterCsvAsync(TestViewers.Instructor, core.PoolSession().Id);

        Assert.True(export.Succeeded, export.Message);
        var lines = export.Csv!.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("machine,role,state,student", lines[0]);
        Assert.Equal(13, lines.Length);
        Assert.Equal($"python-workshop-01,pool member,running,{DemoData.Student(1)}", lines[1]);
        Assert.Equal($"{free.Name},pool member,running,", lines[12]);
        var entry = Assert.Single(await core.AuditAsync("ExportRoster"));
        Assert.Equal((TestViewers.Instructor.Name, ActionOutcome.Succeeded), (entry.Actor, entry.Outcome));
    }

    [Fact]
    public async Task A_student_address_that_looks_like_a_formula_is_escaped_for_spreadsheets()
    {
        await using var core = await CoreHost.StartAsync();
        var machine = core.Machine(1);
        await core.Roster().ReassignAsync(TestViewers.Instructor, machine.Id, "=cmd@example.org");

        var export = await core.Roster().RosterCsvAsync(TestViewers.Admin, core.PoolSession().Id);

        Assert.Contains("python-workshop-01,pool member,running,\"'=cmd@example.org\"", export.Csv);
    }

    [Theory]
    [MemberData(nameof(InvitationTests.Outsiders), MemberType = typeof(InvitationTests))]
    public async Task Someone_who_does_not_own_the_pool_gets_no_roster(string who)
    {
        await using var core = await CoreHost.StartAsync();
        var viewer = InvitationTests.ViewerNamed(who);

        var export = await core.Roster().RosterCsvAsync(viewer, core.PoolSession().Id);

        Assert.Equal((ActionOutcome.Refused, null), (export.Outcome, export.Csv));
        var entry = Assert.Single(await core.AuditAsync("ExportRoster"));
        Assert.Equal((viewer.Name, ActionOutcome.Refused), (entry.Actor, entry.Outcome));
    }
}
