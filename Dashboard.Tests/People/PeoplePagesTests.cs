using Bunit;
using Dashboard.Components;
using Dashboard.Components.People;
using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Core.Setup;
using Dashboard.Setup;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Dashboard.Tests.People;

/// <summary>The People page and the student's home, rendered with bUnit on a real Core.</summary>
public sealed class PeoplePagesTests : IAsyncLifetime
{
    private CoreHost _core = default!;
    private readonly BunitContext _context = new();

    public async Task InitializeAsync()
    {
        _core = await CoreHost.StartAsync();
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Services.AddSingleton(_core.Monitor);
        _context.Services.AddSingleton(_core.Roster());
        _context.Services.AddSingleton(_core.Services.GetRequiredService<Dashboard.Core.Mail.IMailSender>());
        _context.Services.AddSingleton(_core.Commands);
        _context.Services.AddSingleton(TimeProvider.System);
        _context.Services.AddScoped<ViewerAccessor>();
        _context.Services.AddScoped<CommandRunner>();
        _context.Services.AddClassTimeOf(_core);
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _core.DisposeAsync();
    }

    [Fact]
    public void The_owner_sees_every_machine_with_its_student_and_the_invitations()
    {
        SignIn(DemoData.Instructor, Roles.Instructor);

        var page = _context.Render<PeoplePage>(p => p.Add(x => x.Name, RosterKit.Pool));

        page.WaitForAssertion(() => Assert.Equal(12, page.FindAll("[data-roster] [data-machine]").Count));
        Assert.Equal(DemoData.Student(1), page.Find("[data-machine=\"python-workshop-01\"] [data-student]").GetAttribute("data-student"));
        Assert.NotNull(page.Find("[data-invitations]"));
        Assert.Contains("/sessions/python-workshop/roster.csv", page.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("other-instructor@demo.test", Roles.Instructor)]
    [InlineData("ops@demo.test", Roles.Ops)]
    [InlineData("student01@demo.test", Roles.Student)]
    public void Anyone_else_is_told_it_is_not_allowed_and_sees_no_student(string user, string role)
    {
        SignIn(user, role);

        var page = _context.Render<PeoplePage>(p => p.Add(x => x.Name, RosterKit.Pool));

        page.WaitForAssertion(() => Assert.Contains(RosterMessages.NotAllowed, page.Find("[data-denied]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-machine]"));
        Assert.Empty(page.FindAll("[data-invitations]"));
        Assert.DoesNotContain("@demo.test</", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("roster.csv", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_student_home_shows_only_their_machine_and_follows_a_reassignment_live()
    {
        SignIn(DemoData.Student(3), Roles.Student);

        var page = _context.Render<MyMachines>();

        page.WaitForAssertion(() => Assert.Equal(["python-workshop-03"], page.FindAll("[data-machine]").Select(e => e.GetAttribute("data-machine"))));
        Assert.NotNull(page.Find("[data-machine] [data-state=\"running\"]"));
        Assert.Contains("Connect", page.Find("[data-machine]").TextContent, StringComparison.Ordinal);

        await _core.Roster().ReassignAsync(TestViewers.Instructor, _core.Machine(3).Id, "someone-else@example.org");

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-note=\"no-machine\"]")), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Someone_who_is_not_a_student_gets_a_note_with_a_link_to_the_sessions()
    {
        SignIn(DemoData.Instructor, Roles.Instructor);

        var page = _context.Render<MyMachines>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-note=\"not-a-student\"] a[href=\"/\"]")));
        Assert.Empty(page.FindAll("[data-machine]"));
    }

    private void SignIn(string user, string role)
    {
        var authorization = _context.AddAuthorization();
        authorization.SetAuthorized(user);
        authorization.SetRoles(role);
        // Signed in as the demo account: its machines are held by its id.
        authorization.SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, PeopleInitializer.DemoAccountId(user)));
    }
}
