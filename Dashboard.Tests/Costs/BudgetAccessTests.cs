using Dashboard.Core.Budgets;
using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Costs;

/// <summary>Setting a budget is asked of the access policy on the server: trying it as anyone else changes nothing.</summary>
public sealed class BudgetAccessTests : IAsyncLifetime
{
    private CoreHost _core = default!;

    public async Task InitializeAsync() => _core = await CoreHost.StartAsync();

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private SessionBudgets Budgets => _core.Services.GetRequiredService<SessionBudgets>();

    private Guid Pool => _core.Monitor.FindSession("python-workshop")!.Id;

    public static TheoryData<string> Forbidden => ["student", "ops", "other instructor"];

    private static Viewer Named(string who) => who switch
    {
        "student" => TestViewers.Student(1),
        "ops" => TestViewers.Ops,
        _ => TestViewers.OtherInstructor,
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public async Task Anyone_but_the_owner_or_an_admin_is_refused_and_the_refusal_is_audited(string who)
    {
        var viewer = Named(who);

        var result = await Budgets.SetAsync(Pool, 10m, viewer);

        Assert.False(result.Succeeded);
        Assert.Null(_core.Monitor.FindSession(Pool)!.Budget);
        var entry = Assert.Single(await BudgetClock.AuditAsync(_core, AuditAction.SetBudget));
        Assert.Equal((viewer.Name, ActionOutcome.Refused, "python-workshop"), (entry.Actor, entry.Outcome, entry.SessionName));
    }

    [Fact]
    public async Task The_owner_and_an_admin_set_it_saved_and_audited_and_a_new_budget_clears_the_old_warning()
    {
        Assert.True((await Budgets.SetAsync(Pool, 120.456m, TestViewers.Instructor)).Succeeded);
        await _core.Monitor.MarkBudgetAsync(Pool, DateTimeOffset.UtcNow, null);
        Assert.True((await Budgets.SetAsync(Pool, 300m, TestViewers.Admin)).Succeeded);

        Assert.Equal((300m, (DateTimeOffset?)null), (_core.Monitor.FindSession(Pool)!.Budget, _core.Monitor.FindSession(Pool)!.BudgetWarnedAt));
        await using var db = _core.CreateDbContext();
        Assert.Equal(300m, db.Sessions.Single(s => s.Id == Pool).Budget);
        var entries = await BudgetClock.AuditAsync(_core, AuditAction.SetBudget);
        Assert.Equal(["Budget of python-workshop: 300.00 USD a month.", "Budget of python-workshop: 120.46 USD a month."], entries.Select(e => e.Error));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task A_budget_is_more_than_zero(string amount)
    {
        var result = await Budgets.SetAsync(Pool, decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), TestViewers.Instructor);

        Assert.False(result.Succeeded);
        Assert.Null(_core.Monitor.FindSession(Pool)!.Budget);
    }
}
