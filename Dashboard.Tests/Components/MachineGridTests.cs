using Bunit;
using Dashboard.Components.Pages;
using Dashboard.Components.Sessions;
using Dashboard.Core.Domain;
using Dashboard.Core.Sessions;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Components;

/// <summary>The virtualized machine grid on the sessions page: a window of rows, group summaries, filters, one busy truth.</summary>
public sealed class MachineGridTests : DashboardComponentTest
{
    private const string Big = "big-class";
    private const string BigCard = $"[data-session='{Big}']";
    private const string Spark = "[data-session='spark-analytics']";

    // Creating 500 simulated machines twenty at a time stays quick.
    protected override IDictionary<string, string?> CoreSettings => new Dictionary<string, string?> { ["Simulator:OperationSeconds"] = "0.05" };

    [Fact]
    public async Task A_500_machine_pool_expanded_renders_only_a_window_of_rows_under_its_group_summary()
    {
        await CreatePoolAsync(Big, 500);
        var page = Render<Sessions>();

        Button(page, "Expand", BigCard).Click();

        var rows = page.FindAll($"{BigCard} [data-machine]");
        Assert.InRange(rows.Count, 10, 59);
        Assert.Equal($"{Big}-01", rows[0].GetAttribute("data-machine"));
        Assert.Equal("pool members 500: 500 running", page.Find($"{BigCard} [data-group='PoolMember']").TextContent.Trim());
        Assert.Equal("true", Button(page, "Collapse group", BigCard).GetAttribute("aria-expanded"));

        Button(page, "Collapse group", BigCard).Click();

        Assert.Empty(page.FindAll($"{BigCard} [data-machine]"));
        Assert.Equal("false", Button(page, "Expand group", BigCard).GetAttribute("aria-expanded"));
    }

    [Fact]
    public async Task Filters_by_name_and_state_narrow_the_rows_of_a_large_pool()
    {
        await CreatePoolAsync(Big, 500);
        await StopAsync($"{Big}-07", $"{Big}-450");
        var page = Render<Sessions>();
        Button(page, "Expand", BigCard).Click();

        page.Find($"{BigCard} input[aria-label='Filter by name']").Input("-45");

        Assert.Equal([$"{Big}-45", .. Enumerable.Range(450, 10).Select(i => $"{Big}-{i}")], MachineNames(page, BigCard));
        Assert.Equal("pool members 500: 498 running, 2 deallocated · 11 shown", page.Find($"{BigCard} [data-group]").TextContent.Trim());

        page.Find($"{BigCard} input[aria-label='Filter by name']").Input("");
        page.Find($"{BigCard} select[aria-label='Filter by state']").Change(nameof(MachineState.Deallocated));

        Assert.Equal([$"{Big}-07", $"{Big}-450"], MachineNames(page, BigCard));
        Assert.All(page.FindAll($"{BigCard} [data-machine] [data-state]"), s => Assert.Equal("deallocated", s.GetAttribute("data-state")));
    }

    [Fact]
    public void Spot_only_keeps_the_spot_workers_and_shows_the_machines_above_them_as_context()
    {
        var page = Render<Sessions>();
        Button(page, "Expand", Spark).Click();

        page.Find($"{Spark} input[aria-label='Spot only']").Change(true);

        Assert.Equal(
            ["worker-03", "worker-04", "worker-05", "worker-06"],
            page.FindAll($"{Spark} [data-machine]:not(.context-line)").Select(m => m.GetAttribute("data-machine")!["spark-analytics-".Length..]));
        Assert.Equal(["proxy", "master"],
            page.FindAll($"{Spark} [data-machine].context-line").Select(m => m.GetAttribute("data-machine")!["spark-analytics-".Length..]));
        Assert.Equal("4", page.Find($"{Spark} [data-shown]").GetAttribute("data-shown"));
    }

    [Fact]
    public async Task The_expansion_and_the_filters_survive_a_live_update_of_the_session()
    {
        await CreatePoolAsync(Big, 500);
        var page = Render<Sessions>();
        Button(page, "Expand", BigCard).Click();
        page.Find($"{BigCard} input[aria-label='Filter by name']").Input("-45");
        Button(page, "Expand", "[data-session='python-workshop']").Click();
        Button(page, "Collapse group", "[data-session='python-workshop']").Click();
        Assert.Empty(page.FindAll("[data-session='python-workshop'] [data-machine]"));

        await StopAsync($"{Big}-450");

        await page.WaitForAssertionAsync(() => Assert.Equal("deallocated",
            page.Find($"[data-machine='{Big}-450'] [data-state]").GetAttribute("data-state")), Patience);
        Assert.Equal(11, MachineNames(page, BigCard).Count);
        Assert.Equal("-45", page.Find($"{BigCard} input[aria-label='Filter by name']").GetAttribute("value"));
        Assert.Equal("true", Button(page, "Collapse", BigCard).GetAttribute("aria-expanded"));
        Assert.Empty(page.FindAll("[data-session='python-workshop'] [data-machine]"));
        Assert.Equal("false", Button(page, "Expand group", "[data-session='python-workshop']").GetAttribute("aria-expanded"));
    }

    [Fact]
    public void A_machine_busy_with_someone_elses_operation_shows_every_button_but_connect_disabled_naming_the_operation()
    {
        var session = Session("python-workshop");
        var operation = new MachineOperation("Stop", "admin@demo.test", DateTimeOffset.UtcNow, MachineState.Running) { Sent = true };
        var busy = session.Machines[1] with { Operation = operation };

        var grid = Render<MachineGrid>(p => p
            .Add(g => g.Session, session.WithMachine(busy))
            .Add(g => g.Expansion, new TreeExpansion())
            .AddCascadingValue(TestViewers.Instructor));

        var row = $"[data-machine='{busy.Name}']";
        var buttons = grid.FindAll($"{row} button[aria-label]");
        Assert.Equal(["Start", "Stop", "Hibernate", "Reboot", "Snapshot", "Delete", "Connect"], buttons.Select(b => b.GetAttribute("aria-label")));
        Assert.All(buttons.Where(b => b.GetAttribute("aria-label") != "Connect"), b =>
        {
            Assert.True(IsDisabled(b), $"{b.GetAttribute("aria-label")} should be disabled");
            Assert.Equal($"Wait: {operation.Describe()}", b.GetAttribute("title"));
        });
        Assert.False(IsDisabled(Button(grid, "Connect", row)));
        Assert.Contains("Stop by admin@demo.test", grid.Find($"{row} [data-operation]").TextContent);
        Assert.Contains(operation.Describe(), grid.Find($"{row} .state-cell").GetAttribute("title"));
        // Its neighbour, not busy, is untouched.
        Assert.False(IsDisabled(Button(grid, "Stop", $"[data-machine='{session.Machines[2].Name}']")));
    }

    [Fact]
    public void A_disabled_buttons_title_says_why_and_an_enabled_ones_says_what_it_does()
    {
        var page = Render<Sessions>();
        Button(page, "Expand", Spark).Click();
        const string worker = "[data-machine='spark-analytics-worker-03']";

        var hibernate = Button(page, "Hibernate", worker);
        var stop = Button(page, "Stop", worker);

        Assert.True(IsDisabled(hibernate));
        Assert.Equal("Spot machines cannot hibernate on Azure.", hibernate.GetAttribute("title"));
        Assert.False(IsDisabled(stop));
        Assert.Equal("Stop and deallocate: compute billing stops.", stop.GetAttribute("title"));
        Assert.Equal("deallocate", page.Find($"{worker} [data-spot]").GetAttribute("data-spot"));
    }

    [Fact]
    public async Task Start_All_asks_with_the_count_of_stopped_machines_and_starts_them()
    {
        const string pool = "[data-session='python-workshop']";
        var page = Render<Sessions>();
        Assert.True(IsDisabled(Button(page, "Start All", pool)), "nothing is stopped yet");
        await StopAsync("python-workshop-02", "python-workshop-05", "python-workshop-09");
        // The page learns of the last one up to a render interval later.
        await page.WaitForAssertionAsync(() =>
            Assert.Equal("Start All: 3 of 12 machines.", Button(page, "Start All", pool).GetAttribute("title")), Patience);
        Assert.False(IsDisabled(Button(page, "Start All", pool)));

        var asking = Button(page, "Start All", pool).ClickAsync(new());
        await Dialogs.WaitForAssertionAsync(() => Assert.Equal(
            "Start 3 of 12 machines in python-workshop? Compute billing starts for them.",
            Dialogs.Find("[data-confirm-text]").TextContent.Trim()), Patience);
        await FinishesAsync(ButtonWithText(Dialogs, "Start 3 machines").ClickAsync(new()), "confirming");
        await FinishesAsync(asking, "Start All");

        Assert.All(Session("python-workshop").Machines, m => Assert.Equal(MachineState.Running, m.State));
        await page.WaitForAssertionAsync(() => Assert.True(IsDisabled(Button(page, "Start All", pool))), Patience);
    }

    private async Task CreatePoolAsync(string name, int count)
    {
        var formation = (await Core.Store.GetFormationsAsync(CancellationToken.None)).Single(f => f.Kind == FormationKind.MachinePool);
        var request = new CreateSessionRequest { FormationId = formation.Id, Name = name, Count = count, Size = formation.Size };
        var result = await Core.Provisioner.CreateAsync(request, TestViewers.Instructor, CancellationToken.None);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        await Eventually.TrueAsync(() => Session(name).Machines.All(m => m.State == MachineState.Running),
            $"all {count} machines of {name} run", TimeSpan.FromSeconds(90));
    }

    private async Task StopAsync(params string[] machines)
    {
        foreach (var name in machines)
        {
            var result = await Core.Commands.RunAsync(Machine(name).Id, MachineAction.Stop, TestViewers.Admin);
            Assert.True(result.Succeeded, result.Message);
        }
    }

    private static List<string?> MachineNames(IRenderedComponent<Sessions> page, string card) =>
        page.FindAll($"{card} [data-machine]").Select(m => m.GetAttribute("data-machine")).ToList();
}
