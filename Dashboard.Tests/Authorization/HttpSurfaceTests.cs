using System.Net;
using CsvHelper;
using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Core.Persistence;
using Dashboard.Core.Setup;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Authorization;

/// <summary>The HTTP surface per role: the CSV export and the Blazor pages as anonymous requests meet them.</summary>
public sealed class HttpSurfaceTests : IAsyncLifetime
{
    // After the demo sessions were created: an entry belongs to the session that bore its name at the time.
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60);
    private static readonly string Day = T0.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    private const string Other = "other-instructor@demo.test";

    private readonly DashboardAppFactory _app = new();

    public async Task InitializeAsync()
    {
        var store = _app.Services.GetRequiredService<SessionStore>();
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
        {
            // An ended session of the instructor's (still theirs to audit) and one of another instructor's.
            db.Sessions.Add(new Session { Name = "last-term", Owner = DemoData.Instructor, CreatedAt = T0.AddDays(-30), EndedAt = T0.AddDays(-29) });
            db.Sessions.Add(new Session { Name = "other-lab", Owner = Other, CreatedAt = T0.AddHours(-1) });
            await db.SaveChangesAsync();
        }

        foreach (var (actor, action, session, outcome) in Entries)
        {
            await store.LogAsync(new ActionLogEntry
            {
                At = T0, Actor = actor, Action = Enum.Parse<AuditAction>(action), SessionName = session,
                MachineName = session is null ? null : $"{session}-01", Outcome = outcome,
            }, CancellationToken.None);
        }
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static readonly (string Actor, string Action, string? Session, ActionOutcome Outcome)[] Entries =
    [
        ("admin@demo.test", "Stop", "python-workshop", ActionOutcome.Succeeded),
        ("admin@demo.test", "Stop", "last-term", ActionOutcome.Succeeded),
        (Other, "Stop", "other-lab", ActionOutcome.Succeeded),
        (Other, "StopAll", "python-workshop", ActionOutcome.Refused),
        (DemoData.Student(1), "Start", "python-workshop", ActionOutcome.Succeeded),
        (DemoData.Instructor, "SignIn", null, ActionOutcome.Succeeded),
        ("admin@demo.test", "SignIn", null, ActionOutcome.Succeeded),
        (Other, "SignIn", null, ActionOutcome.Failed),
        ("=HYPERLINK(\"http://evil.test\")@x.test", "SignIn", null, ActionOutcome.Failed),
    ];

    [Theory]
    [InlineData("admin@demo.test", Roles.Admin)]
    [InlineData("ops@demo.test", Roles.Ops)]
    public async Task Admins_and_ops_export_every_entry(string user, string role)
    {
        var rows = await ExportAsync(user, role);

        Assert.Equal(Entries.Length, rows.Count);
        Assert.Equal(Entries.Reverse().Select(e => e.Actor.StartsWith('=') ? "'" + e.Actor : e.Actor), rows.Select(r => r["actor"]));
        Assert.All(rows, r => Assert.Equal(T0.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'.000Z'", System.Globalization.CultureInfo.InvariantCulture), r["at"]));
    }

    [Fact]
    public async Task An_instructor_exports_only_their_sessions_entries_and_their_own_sign_ins()
    {
        var rows = await ExportAsync(DemoData.Instructor, Roles.Instructor);

        Assert.Equal(
            [
                $"{DemoData.Instructor} SignIn ",
                $"{DemoData.Student(1)} Start python-workshop",
                $"{Other} StopAll python-workshop",
                "admin@demo.test Stop last-term",
                "admin@demo.test Stop python-workshop",
            ],
            rows.Select(r => $"{r["actor"]} {r["action"]} {r["session"]}"));
    }

    [Fact]
    public async Task Another_instructor_exports_their_session_and_their_own_entries_but_nothing_of_python_workshop_by_others()
    {
        var rows = await ExportAsync(Other, Roles.Instructor, "?session=python-workshop");

        var only = Assert.Single(rows);
        Assert.Equal((Other, "StopAll", "Refused"), (only["actor"], only["action"], only["outcome"]));
        Assert.Equal(3, (await ExportAsync(Other, Roles.Instructor)).Count);
    }

    [Fact]
    public async Task Filters_apply_to_the_export_and_a_nonsense_filter_is_a_400()
    {
        Assert.Equal(["last-term", "python-workshop"],
            (await ExportAsync("admin@demo.test", Roles.Admin, "?who=ADMIN&action=Stop")).Select(r => r["session"]));
        Assert.Equal(2, (await ExportAsync("admin@demo.test", Roles.Admin, "?outcome=failed")).Count);
        Assert.Equal(Entries.Length, (await ExportAsync("admin@demo.test", Roles.Admin, $"?from={Day}&to={Day}")).Count);
        Assert.Empty(await ExportAsync("admin@demo.test", Roles.Admin, $"?from={Uri.EscapeDataString(T0.AddMilliseconds(1).ToString("O"))}"));
        Assert.Empty(await ExportAsync("admin@demo.test", Roles.Admin, $"?to={T0.AddDays(-1):yyyy-MM-dd}"));

        using var client = Client("admin@demo.test", Roles.Admin);
        using var response = await client.GetAsync("/audit.csv?outcome=maybe");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_student_gets_403_from_the_export()
    {
        using var client = Client(DemoData.Student(1), Roles.Student);

        using var response = await client.GetAsync("/audit.csv");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/audit.csv")]
    [InlineData("/")]
    [InlineData("/audit")]
    [InlineData("/activity")]
    [InlineData("/admin/discovered")]
    public async Task An_anonymous_request_is_sent_to_the_sign_in_page(string path)
    {
        using var client = Client(user: null);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal("/account/login", location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0]);
        Assert.Contains($"ReturnUrl={Uri.EscapeDataString(path)}", location.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_discovered_machines_page_opens_for_admins_only()
    {
        using var admin = Client("admin@demo.test", Roles.Admin);
        using var instructor = Client(DemoData.Instructor, Roles.Instructor);

        using var allowed = await admin.GetAsync("/admin/discovered");
        using var refused = await instructor.GetAsync("/admin/discovered");

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }

    private async Task<List<Dictionary<string, string>>> ExportAsync(string user, string role, string query = "")
    {
        using var client = Client(user, role);
        using var response = await client.GetAsync($"/audit.csv{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        using var csv = CsvReader.FromText(text);
        Assert.Equal(["at", "actor", "action", "session", "machine", "outcome", "error"], csv.Headers);
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
            rows.Add(csv.Headers.ToDictionary(h => h, h => csv.GetString(h)));
        return rows;
    }

    private HttpClient Client(string? user, params string[] roles)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (user is not null)
        {
            client.DefaultRequestHeaders.Add(TestAuthentication.UserHeader, user);
            client.DefaultRequestHeaders.Add(TestAuthentication.RolesHeader, string.Join(',', roles));
        }

        return client;
    }
}
