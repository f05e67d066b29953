using Dashboard.Tests.Support;
using Bunit;
using Dashboard.Components.Pages;
using Dashboard.Core.Domain;

namespace Dashboard.Tests.Components;

/// <summary>The sessions page: every demo session, its counts, and its machine tree when expanded.</summary>
public sealed class SessionsPageTests : DashboardComponentTest
{
    private const string Spark = "[data-session='spark-analytics']";

    [Fact]
    public void The_page_shows_the_four_demo_sessions_with_their_counts()
    {
        var page = Render<Sessions>();

        Assert.Equal(["python-workshop", "desktop-lab", "spark-analytics", "genomics-hpc"],
            page.FindAll("[data-session]").Select(s => s.GetAttribute("data-session")));
        Assert.Equal("workers 6/6 running", page.Find($"{Spark} [data-count='Worker']").TextContent.Trim());
        Assert.Equal("machines 8/8 running", page.Find($"{Spark} [data-count='all']").TextContent.Trim());
        Assert.Equal("machines 12/12 running", page.Find("[data-session='python-workshop'] [data-count='all']").TextContent.Trim());
        Assert.Equal("compute nodes 8/8 running", page.Find("[data-session='genomics-hpc'] [data-count='Compute']").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-machine]"));
    }

    [Fact]
    public void Expanding_the_spark_cluster_shows_proxy_master_and_six_workers_four_on_spot()
    {
        var page = Render<Sessions>();

        Button(page, "Expand", Spark).Click();

        Assert.Equal(
            ["proxy", "master", .. Enumerable.Range(1, 6).Select(i => $"worker-{i:00}")],
            page.FindAll($"{Spark} [data-machine]").Select(m => m.GetAttribute("data-machine")!["spark-analytics-".Length..]));
        Assert.Equal(
            ["worker-03", "worker-04", "worker-05", "worker-06"],
            page.FindAll($"{Spark} [data-machine]").Where(m => m.QuerySelector("[data-spot]") is not null)
                .Select(m => m.GetAttribute("data-machine")!["spark-analytics-".Length..]));
        Assert.All(page.FindAll($"{Spark} [data-state]"), chip => Assert.Equal("running", chip.GetAttribute("data-state")));
        Assert.Equal("true", Button(page, "Collapse", Spark).GetAttribute("aria-expanded"));
        Assert.Empty(page.FindAll("[data-session='python-workshop'] [data-machine]"));
    }

    [Fact]
    public async Task A_machine_stopped_by_someone_else_updates_its_row_and_the_session_stays_expanded()
    {
        var page = Render<Sessions>();
        Button(page, "Expand", Spark).Click();
        var worker = Machine("spark-analytics-worker-02");

        var result = await Core.Commands.RunAsync(worker.Id, MachineAction.Stop, TestViewers.Admin);

        Assert.True(result.Succeeded, result.Message);
        await page.WaitForAssertionAsync(() => Assert.Equal("deallocated", StateChip(page, worker.Name)), Patience);
        Assert.Equal(8, page.FindAll($"{Spark} [data-machine]").Count);
        Assert.Equal("true", Button(page, "Collapse", Spark).GetAttribute("aria-expanded"));
        Assert.Equal("workers 5/6 running", page.Find($"{Spark} [data-count='Worker']").TextContent.Trim());
    }

    [Fact]
    public async Task An_evicted_spot_worker_shows_evicted_and_the_session_shows_reduced_capacity()
    {
        var page = Render<Sessions>();
        Button(page, "Expand", Spark).Click();
        var worker = Machine("spark-analytics-worker-04");
        Assert.Empty(page.FindAll($"{Spark} [data-badge='reduced-capacity']"));

        var result = await Core.Commands.SimulateEvictionAsync(worker.Id, TestViewers.Ops);

        Assert.True(result.Succeeded, result.Message);
        await page.WaitForAssertionAsync(() =>
        {
            Assert.Equal("evicted", StateChip(page, worker.Name));
            Assert.Contains("1 evicted", page.Find($"{Spark} [data-badge='reduced-capacity']").TextContent);
        }, Patience);
        Assert.Equal(8, page.FindAll($"{Spark} [data-machine]").Count);
    }

    private static string? StateChip(IRenderedComponent<Sessions> page, string machine) =>
        page.Find($"[data-machine='{machine}'] [data-state]").GetAttribute("data-state");
}
