using Bunit;
using Dashboard.Core.Spot;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Components;

/// <summary>An eviction whose recovery waits (for a capacity cooldown) says so on the Spot page, live.</summary>
public sealed class SpotWaitingComponentTests : DashboardComponentTest
{
    protected override IDictionary<string, string?> CoreSettings => new Dictionary<string, string?>
    {
        ["Simulator:NoSpotCapacity"] = "true",
        ["Spot:Recovery:ScanSeconds"] = "0.2",
        ["Spot:Recovery:FirstRetrySeconds"] = "600",
        ["Spot:Recovery:MaxRetrySeconds"] = "600",
        ["Spot:Recovery:CapacityCooldownMinutes"] = "30",
    };

    [Fact]
    public async Task A_second_eviction_held_by_the_capacity_cooldown_reads_waiting_not_no_recovery_set()
    {
        SignIn(TestViewers.Ops);
        var spark = Session("spark-analytics");
        Assert.True((await Core.Services.GetRequiredService<SpotRecoveryCommands>()
            .SaveAsync(TestViewers.Admin, spark.Id, new SpotRecoverySettings(SpotRecovery.Restart))).Succeeded);
        var page = Render<Dashboard.Components.Pages.Spot>();
        var workers = spark.Machines.Where(m => m.IsSpot).Take(2).ToList();
        var recoverer = Core.Services.GetRequiredService<SpotRecoverer>();

        Assert.True((await Core.Commands.SimulateEvictionAsync(workers[0].Id, TestViewers.Ops)).Succeeded);
        await Dashboard.Tests.Support.Eventually.TrueAsync(() => recoverer.Cooldowns.Count == 1, "the first restart finds no capacity");
        Assert.True((await Core.Commands.SimulateEvictionAsync(workers[1].Id, TestViewers.Ops)).Succeeded);

        await page.WaitForAssertionAsync(() =>
        {
            var row = page.FindAll("[data-table='evictions'] tr").Single(r => r.QuerySelector($"[data-eviction='{workers[1].Name}']") is not null);
            Assert.Contains($"waiting: no attempt for {workers[1].Size} until", row.QuerySelector("[data-tried]")!.TextContent);
            Assert.Equal("2", page.Find("[data-fleet-count='recovering']").GetAttribute("data-count-value"));
        }, TimeSpan.FromSeconds(30));
    }
}
