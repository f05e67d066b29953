using Bunit;
using Dashboard.Components.Pages;
using Dashboard.Components.Sessions;
using Dashboard.Core.Domain;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Components;

/// <summary>A session card's header and tree layout: batches in flight, the HPC cluster's shape, eviction marks.</summary>
public sealed class SessionCardTests : DashboardComponentTest
{
    [Fact]
    public void A_batch_running_on_the_session_is_named_in_the_header_and_disables_every_batch_button()
    {
        var batch = new BatchInFlight(BatchAction.StopAll, "admin@demo.test", DateTimeOffset.UtcNow, 12);
        var session = Session("python-workshop") with { Batch = batch };

        var card = Render<SessionCard>(p => p
            .Add(c => c.Session, session)
            .Add(c => c.Expansion, new TreeExpansion())
            .AddCascadingValue(TestViewers.Instructor));

        Assert.Equal("Stop All by admin@demo.test", card.Find("[data-batch='StopAll']").TextContent.Trim());
        Assert.All(["Start All", "Stop All", "Terminate All"], label =>
        {
            var button = Button(card, label);
            Assert.True(IsDisabled(button), $"{label} should be disabled");
            Assert.StartsWith("Wait: Stop All by admin@demo.test since ", button.GetAttribute("title"));
        });
    }

    [Fact]
    public void The_hpc_cluster_shows_compute_nodes_under_the_head_and_the_shared_storage_beside_it()
    {
        var page = Render<Sessions>();

        Button(page, "Expand", "[data-session='genomics-hpc']").Click();

        var rows = page.FindAll("[data-session='genomics-hpc'] [role='row']:not(.grid-head)");
        Assert.Equal("genomics-hpc-head", rows[0].GetAttribute("data-machine"));
        Assert.Equal("--depth:0", rows[0].GetAttribute("style"));
        Assert.All(rows.Skip(1).Take(8), r => Assert.Equal("--depth:1", r.GetAttribute("style")));
        Assert.Equal("--depth:0", rows[^1].GetAttribute("style"));
        Assert.NotNull(rows[^1].GetAttribute("data-storage"));
        Assert.Null(rows[^1].QuerySelector("button"));

        Button(page, "Collapse node", "[data-machine='genomics-hpc-head']").Click();

        Assert.Equal(["genomics-hpc-head"], page.FindAll("[data-session='genomics-hpc'] [data-machine]").Select(m => m.GetAttribute("data-machine")));
        Assert.Single(page.FindAll("[data-session='genomics-hpc'] [data-storage]"));
    }

    [Fact]
    public async Task An_evicted_worker_carries_an_eviction_mark_whose_title_says_what_happened()
    {
        var page = Render<Sessions>();
        Button(page, "Expand", "[data-session='spark-analytics']").Click();
        var worker = Machine("spark-analytics-worker-05");

        var result = await Core.Commands.SimulateEvictionAsync(worker.Id, TestViewers.Ops);

        Assert.True(result.Succeeded, result.Message);
        await page.WaitForAssertionAsync(() =>
        {
            var mark = page.Find($"[data-machine='{worker.Name}'] [aria-label='Eviction details']");
            Assert.False(string.IsNullOrWhiteSpace(mark.GetAttribute("title")));
        }, Patience);
        Assert.Empty(page.FindAll($"[data-machine='{worker.Name}'] [aria-label='Last error']"));
    }
}
