using Dashboard.Core.Audit;
using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Core.Setup;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Audit;

/// <summary>The audit query on a real SQLite database: filters, dates, paging, and who may read what.</summary>
public sealed class AuditQueryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddMinutes(1);
    private const string Other = "other-instructor@demo.test";

    private CoreHost _core = default!;

    private AuditQuery Query => _core.Services.GetRequiredService<AuditQuery>();

    public async Task InitializeAsync() => _core = await CoreHost.StartAsync();

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Pages_come_newest_first_with_the_total_for_the_database_and_the_date_filtered_paths_alike()
    {
        for (var i = 0; i < 25; i++)
            await LogAsync(Start.AddHours(i), "admin@demo.test", "Stop", "python-workshop");

        var second = await Query.SearchAsync(TestViewers.Admin, new AuditFilter(), skip: 10, take: 10, CancellationToken.None);
        var dated = await Query.SearchAsync(TestViewers.Admin, new AuditFilter { From = Start }, skip: 10, take: 10, CancellationToken.None);
        var instructor = await Query.SearchAsync(TestViewers.Instructor, new AuditFilter(), skip: 20, take: 10, CancellationToken.None);

        Assert.Equal(25, second.Total);
        Assert.Equal(Enumerable.Range(5, 10).Reverse().Select(h => Start.AddHours(h)), second.Entries.Select(e => e.At));
        Assert.Equal(second.Entries.Select(e => e.Id), dated.Entries.Select(e => e.Id));
        Assert.Equal(25, dated.Total);
        Assert.Equal((25, 5), (instructor.Total, instructor.Entries.Count));
    }

    [Fact]
    public async Task Dates_are_compared_as_instants_from_inclusive_to_exclusive()
    {
        await LogAsync(Start, "admin@demo.test", "Stop", "python-workshop");
        await LogAsync(Start.AddDays(1), "admin@demo.test", "Start", "python-workshop");
        await LogAsync(Start.AddDays(2), "admin@demo.test", "Reboot", "python-workshop");

        var middle = await Query.SearchAsync(TestViewers.Admin,
            new AuditFilter { From = Start.AddDays(1), To = Start.AddDays(2) }, 0, 50, CancellationToken.None);
        // The same instant written with another offset is the same instant.
        var shifted = await Query.SearchAsync(TestViewers.Admin,
            new AuditFilter { From = Start.AddDays(1).ToOffset(TimeSpan.FromHours(5)) }, 0, 50, CancellationToken.None);

        Assert.Equal([AuditAction.Start], middle.Entries.Select(e => e.Action));
        Assert.Equal([AuditAction.Reboot, AuditAction.Start], shifted.Entries.Select(e => e.Action));
    }

    [Fact]
    public async Task Text_filters_match_who_and_machine_in_part_and_action_session_and_outcome_exactly()
    {
        await LogAsync(Start, "Admin@Demo.test", "Stop", "python-workshop", "python-workshop-01");
        await LogAsync(Start, "admin@demo.test", "StopAll", "python-workshop");
        await LogAsync(Start, DemoData.Student(1), "Stop", "python-workshop", "python-workshop-01", ActionOutcome.Refused);
        await LogAsync(Start, "admin@demo.test", "Stop", "spark-analytics", "spark-analytics-worker-01");

        async Task<int> CountAsync(AuditFilter filter) =>
            (await Query.SearchAsync(TestViewers.Admin, filter, 0, 50, CancellationToken.None)).Total;

        Assert.Equal(3, await CountAsync(new AuditFilter { Who = "ADMIN" }));
        Assert.Equal(2, await CountAsync(new AuditFilter { Machine = "WORKSHOP-01" }));
        Assert.Equal(3, await CountAsync(new AuditFilter { Action = AuditAction.Stop }));
        Assert.Equal(3, await CountAsync(new AuditFilter { Session = "python-workshop" }));
        Assert.Equal(0, await CountAsync(new AuditFilter { Session = "python" }));
        Assert.Equal(1, await CountAsync(new AuditFilter { Outcome = ActionOutcome.Refused, Who = "student" }));
    }

    [Fact]
    public async Task An_instructor_reads_their_sessions_ended_ones_included_and_their_own_entries_only()
    {
        await AddSessionAsync("last-term", DemoData.Instructor, Start.AddDays(-30), ended: true);
        await AddSessionAsync("other-lab", Other, Start.AddDays(-1), ended: false);
        await LogAsync(Start, "admin@demo.test", "Stop", "last-term");
        await LogAsync(Start, "admin@demo.test", "Stop", "other-lab");
        await LogAsync(Start, DemoData.Instructor, "Connect", "other-lab");
        await LogAsync(Start, DemoData.Instructor.ToUpperInvariant(), "SignIn", null);
        await LogAsync(Start, "admin@demo.test", "SignIn", null);

        var page = await Query.SearchAsync(TestViewers.Instructor, new AuditFilter(), 0, 50, CancellationToken.None);
        var names = await Query.SessionNamesAsync(TestViewers.Instructor, CancellationToken.None);

        Assert.Equal(["SignIn", "Connect other-lab", "Stop last-term"], page.Entries.Select(e => $"{e.Action} {e.SessionName}".Trim()));
        Assert.Equal(["desktop-lab", "genomics-hpc", "last-term", "python-workshop", "spark-analytics"], names);
        Assert.Contains("other-lab", await Query.SessionNamesAsync(TestViewers.Ops, CancellationToken.None));
    }

    [Fact]
    public async Task A_reused_session_name_does_not_open_the_earlier_owners_entries()
    {
        await AddSessionAsync("shared-name", Other, Start.AddDays(-10), ended: true);
        await AddSessionAsync("shared-name", DemoData.Instructor, Start.AddDays(-1), ended: false);
        await LogAsync(Start.AddDays(-9), "admin@demo.test", "Stop", "shared-name");
        await LogAsync(Start, "admin@demo.test", "Start", "shared-name");

        var mine = await Query.SearchAsync(TestViewers.Instructor, new AuditFilter(), 0, 50, CancellationToken.None);
        var theirs = await Query.SearchAsync(Viewer.For(Other, Roles.Instructor), new AuditFilter(), 0, 50, CancellationToken.None);

        Assert.Equal([AuditAction.Start], mine.Entries.Select(e => e.Action));
        Assert.Equal([AuditAction.Stop], theirs.Entries.Select(e => e.Action));
    }

    [Fact]
    public async Task Students_and_anonymous_viewers_read_nothing_not_even_their_own_entries()
    {
        await LogAsync(Start, DemoData.Student(1), "Stop", "python-workshop");
        await LogAsync(Start, "", "SignIn", null);

        foreach (var viewer in new[] { TestViewers.Student(1), Viewer.For("") })
        {
            Assert.Equal(0, (await Query.SearchAsync(viewer, new AuditFilter(), 0, 50, CancellationToken.None)).Total);
            Assert.Empty(await Query.SessionNamesAsync(viewer, CancellationToken.None));
            await foreach (var entry in Query.ReadAllAsync(viewer, new AuditFilter(), CancellationToken.None))
                Assert.Fail($"{viewer.Name} read {entry.Action}");
        }
    }

    private Task LogAsync(DateTimeOffset at, string actor, string action, string? session, string? machine = null,
        ActionOutcome outcome = ActionOutcome.Succeeded) =>
        _core.Store.LogAsync(new ActionLogEntry
        {
            At = at, Actor = actor, Action = Enum.Parse<AuditAction>(action), SessionName = session, MachineName = machine, Outcome = outcome,
        }, CancellationToken.None);

    private async Task AddSessionAsync(string name, string owner, DateTimeOffset created, bool ended)
    {
        await using var db = _core.CreateDbContext();
        db.Sessions.Add(new Session { Name = name, Owner = owner, CreatedAt = created, EndedAt = ended ? created.AddHours(3) : null });
        await db.SaveChangesAsync();
    }
}
