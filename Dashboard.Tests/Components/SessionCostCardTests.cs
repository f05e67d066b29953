using Bunit;
using Dashboard.Components.Sessions;
using Dashboard.Core.Budgets;
using Dashboard.Core.Domain;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Components;

/// <summary>The session card's cost figures (demo prices: the simulated cloud without an imported table) and budget badge.</summary>
public sealed class SessionCostCardTests : DashboardComponentTest
{
    private IRenderedComponent<SessionCard> Card(SessionView session) => Render<SessionCard>(p => p
        .Add(c => c.Session, session)
        .Add(c => c.Expansion, new TreeExpansion())
        .AddCascadingValue(TestViewers.Instructor));

    [Fact]
    public async Task The_card_shows_cost_per_hour_now_this_month_and_disks_in_the_table_currency()
    {
        var card = Card(Session("python-workshop"));

        await Eventually.TrueAsync(() => card.FindAll("[data-cost='hour']").Count == 1, "the cost figures show");

        // Twelve running B2s at 0.048 an hour, each with a P10 disk at 19.71 a month of 730 hours.
        var hour = card.Find("[data-cost='hour']");
        Assert.Equal("0.90", hour.GetAttribute("data-amount"));
        Assert.Equal("0.90 USD/h", hour.TextContent.Trim());
        Assert.EndsWith("USD this month", card.Find("[data-cost='month']").TextContent.Trim());
        Assert.StartsWith("disks ", card.Find("[data-cost='disks']").TextContent.Trim());
        Assert.Empty(card.FindAll("[data-cost='spot-saved']"));
        Assert.Empty(card.FindAll("[data-badge='unpriced']"));
        Assert.Empty(card.FindAll("[data-budget]"));
    }

    [Fact]
    public async Task A_session_with_Spot_workers_shows_what_Spot_saved()
    {
        var card = Card(Session("spark-analytics"));

        await Eventually.TrueAsync(() => card.FindAll("[data-cost='spot-saved']").Count == 1, "the Spot savings show");

        Assert.StartsWith("Spot saved ", card.Find("[data-cost='spot-saved']").TextContent.Trim());
        Assert.True(decimal.Parse(card.Find("[data-cost='spot-saved']").GetAttribute("data-amount")!,
            System.Globalization.CultureInfo.InvariantCulture) >= 0);
    }

    [Fact]
    public async Task The_budget_badge_says_ok_warning_or_exceeded()
    {
        var now = DateTimeOffset.UtcNow;
        var session = Session("python-workshop");

        var within = Card(session with { Budget = 1_000_000m });
        var warned = Card(session with { Budget = 1_000_000m, BudgetWarnedAt = now });
        var stopped = Card(session with { Budget = 1_000_000m, BudgetWarnedAt = now, BudgetStoppedAt = now });
        var spent = Card(session with { Budget = 0.000001m });

        await Eventually.TrueAsync(() => spent.FindAll("[data-cost='month']").Count == 1, "the figures show");
        Assert.Equal("ok", within.Find("[data-budget]").GetAttribute("data-budget"));
        Assert.Equal("warning", warned.Find("[data-budget]").GetAttribute("data-budget"));
        Assert.Equal("exceeded", stopped.Find("[data-budget]").GetAttribute("data-budget"));
        Assert.StartsWith("The budget stopped every machine", stopped.Find("[data-budget]").GetAttribute("title"));
        Assert.Equal("exceeded", spent.Find("[data-budget]").GetAttribute("data-budget"));
    }

    [Fact]
    public async Task The_costs_panel_breaks_down_per_student_and_machine_and_offers_the_owner_the_budget()
    {
        var card = Card(Session("python-workshop"));
        await Eventually.TrueAsync(() => card.FindAll("[data-cost='hour']").Count == 1, "the cost figures show");

        Button(card, "Show costs").Click();

        Assert.Equal(12, card.FindAll("[data-cost-student]").Count);
        Assert.Equal("student01@demo.test", card.FindAll("[data-cost-student]")[0].GetAttribute("data-cost-student"));
        Assert.Equal(12, card.FindAll("[data-cost-machine]").Count);
        Assert.NotNull(Button(card, "Save budget"));
        Assert.Equal("/sessions/python-workshop/costs.csv?by=machine",
            card.Find("[aria-label='Download costs per machine (CSV)']").GetAttribute("href"));
        Assert.Equal("/sessions/python-workshop/costs.csv?by=student",
            card.Find("[aria-label='Download costs per student (CSV)']").GetAttribute("href"));
    }

    [Fact]
    public void Ops_see_the_costs_but_no_budget_form()
    {
        var card = Render<SessionCard>(p => p
            .Add(c => c.Session, Session("python-workshop"))
            .Add(c => c.Expansion, new TreeExpansion())
            .AddCascadingValue(TestViewers.Ops));

        Button(card, "Show costs").Click();

        Assert.Empty(card.FindAll("button[aria-label='Save budget']"));
        Assert.NotNull(card.Find("[aria-label='Download costs per machine (CSV)']"));
    }

    [Fact]
    public void A_student_who_opens_the_sessions_page_sees_no_money()
    {
        var student = TestViewers.Student(1);
        var session = Dashboard.Core.People.AccessPolicy.VisiblePart(student, Session("python-workshop"))!;
        var card = Render<SessionCard>(p => p
            .Add(c => c.Session, session)
            .Add(c => c.Expansion, new TreeExpansion())
            .AddCascadingValue(student));

        Assert.Empty(card.FindAll("[data-cost]"));
        Assert.Empty(card.FindAll("button[aria-label='Show costs']"));
    }

    [Fact]
    public async Task Saving_a_budget_in_the_panel_sets_it_on_the_session_for_every_page()
    {
        var card = Card(Session("python-workshop"));
        Button(card, "Show costs").Click();

        card.Find("input[data-budget-input], [data-budget-input] input").Change("250");
        await card.InvokeAsync(() => Button(card, "Save budget").Click());

        await Eventually.TrueAsync(() => Session("python-workshop").Budget == 250m, "the session has the budget");
    }
}
