using Dashboard.Core.Domain;
using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using Dashboard.Components;
using Dashboard.Tests.Components;
using Dashboard.Components.Pages;
using Dashboard.Core.Audit;
using Dashboard.Core.People;
using Dashboard.Setup;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Dashboard.Tests.Authorization;

/// <summary>
/// The component surface: the Sessions page rendered by bUnit for each kind of person, on a real Core
/// (SQLite, simulated cloud, running monitor). Hidden is not enough: the buttons must be absent or disabled.
/// </summary>
public sealed class ComponentSurfaceTests : DashboardComponentTest
{
    [Fact]
    public void A_student_sees_only_their_one_machine_and_no_Stop_All_or_New_session()
    {
        var page = RenderSessionsAs(TestViewers.Student(1));

        Assert.Equal(["python-workshop"], Sessions(page));
        page.Find("[data-session='python-workshop'] button[aria-label='Expand']").Click();
        Assert.Equal(["python-workshop-01"], page.FindAll("[data-machine]").Select(m => m.GetAttribute("data-machine")));
        Assert.Empty(page.FindAll("button[aria-label='Stop All'], button[aria-label='Terminate All'], button[aria-label='New session']"));
        // Only what a student may do on their own machine is offered, and the page says nothing of other people's.
        Assert.Equal(["Start", "Stop", "Connect"], page.FindAll("[data-machine] button[aria-label]")
            .Select(b => b.GetAttribute("aria-label")).Where(l => l is not ("Expand" or "Collapse")));
        Assert.DoesNotContain("python-workshop-02", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("spark-analytics", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Ops_see_every_session_read_only_with_no_action_enabled_but_eviction_rehearsal()
    {
        var page = RenderSessionsAs(TestViewers.Ops);

        Assert.Equal(["python-workshop", "desktop-lab", "spark-analytics", "genomics-hpc"], Sessions(page));
        Assert.Equal(4, page.FindAll("[data-badge='read-only']").Count);
        Assert.Empty(page.FindAll("button[aria-label='Stop All'], button[aria-label='Terminate All'], button[aria-label='New session']"));
        foreach (var session in Sessions(page))
            page.Find($"[data-session='{session}'] button[aria-label='Expand']").Click();

        var actions = ActionButtons(page).ToList();
        Assert.Equal(12 + 2 + 8 + 9, page.FindAll("[data-machine]").Count);
        Assert.Contains(actions, b => b.GetAttribute("aria-label") == "Stop");
        Assert.All(actions.Where(b => b.GetAttribute("aria-label") != "Simulate eviction"),
            b => Assert.True(b.HasAttribute("disabled"), $"{b.GetAttribute("aria-label")} must be disabled for ops"));
        Assert.Contains(actions, b => b.GetAttribute("aria-label") == "Simulate eviction" && !b.HasAttribute("disabled"));
    }

    [Fact]
    public void Another_instructor_sees_nothing_of_python_workshop()
    {
        var page = RenderSessionsAs(TestViewers.OtherInstructor);

        Assert.Empty(Sessions(page));
        Assert.DoesNotContain("python-workshop", page.Markup, StringComparison.Ordinal);
        // An instructor may still create sessions of their own.
        Assert.Single(page.FindAll("button[aria-label='New session']"));
    }

    [Fact]
    public void The_owner_instructor_may_stop_their_sessions_machines()
    {
        var page = RenderSessionsAs(TestViewers.Instructor);
        page.Find("[data-session='python-workshop'] button[aria-label='Expand']").Click();

        Assert.False(page.Find("[data-session='python-workshop'] button[aria-label='Stop All']").HasAttribute("disabled"));
        Assert.False(page.Find("[data-machine='python-workshop-02'] button[aria-label='Stop']").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_student_rendering_the_audit_page_gets_a_refusal_and_no_entries()
    {
        await Core.Store.LogAsync(new() { At = DateTimeOffset.UtcNow, Actor = "admin@demo.test", Action = AuditAction.Stop, SessionName = "python-workshop" },
            CancellationToken.None);
        SignIn(TestViewers.Student(1));

        var page = Render<AuditTrail>();

        Assert.Contains("may not open the audit trail", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-audit-entry]"));
    }

    [Fact]
    public async Task The_audit_page_shows_an_instructor_only_their_sessions_entries_with_a_count()
    {
        var store = Core.Store;
        await store.LogAsync(new() { At = DateTimeOffset.UtcNow, Actor = "admin@demo.test", Action = AuditAction.Stop, SessionName = "python-workshop" }, CancellationToken.None);
        await store.LogAsync(new() { At = DateTimeOffset.UtcNow, Actor = "admin@demo.test", Action = AuditAction.SignIn }, CancellationToken.None);
        await store.LogAsync(new() { At = DateTimeOffset.UtcNow, Actor = TestViewers.Instructor.Name, Action = AuditAction.SignIn }, CancellationToken.None);
        SignIn(TestViewers.Instructor);

        var page = Render<AuditTrail>();

        page.WaitForAssertion(() => Assert.Equal("2", page.Find("[data-audit-count]").GetAttribute("data-audit-count")), Patience);
        Assert.Equal(["SignIn", "Stop"], page.FindAll("[data-action]").Select(a => a.TextContent));
        Assert.Contains("Showing 2 of 2 entries", page.Find("[data-audit-count]").TextContent, StringComparison.Ordinal);
        Assert.Equal("/audit.csv", page.Find("a[aria-label='Export CSV']").GetAttribute("href"));
        Assert.DoesNotContain("State history", page.Markup, StringComparison.Ordinal);
    }

    private IRenderedComponent<Sessions> RenderSessionsAs(Viewer viewer)
    {
        SignIn(viewer);
        return Render<Sessions>();
    }

    private static List<string?> Sessions(IRenderedComponent<IComponent> page) =>
        page.FindAll("[data-session]").Select(s => s.GetAttribute("data-session")).ToList();

    private static IEnumerable<IElement> ActionButtons(IRenderedComponent<IComponent> page) =>
        page.FindAll("[data-machine] .machine-actions button[aria-label]");
}
