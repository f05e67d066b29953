using Bunit;
using Dashboard.Components.Pages;
using Dashboard.Core.Domain;
using Dashboard.Core.Spot;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Components;

/// <summary>The Spot page's fleet summary and eviction history, and the session card's Spot recovery dialog.</summary>
public sealed class SpotOpsComponentTests : DashboardComponentTest
{
    protected override IDictionary<string, string?> CoreSettings => new Dictionary<string, string?>
    {
        ["Spot:Recovery:ScanSeconds"] = "0.2",
        ["Spot:Recovery:FirstRetrySeconds"] = "0.2",
    };

    [Fact]
    public async Task The_fleet_summary_and_the_eviction_table_show_an_eviction_what_was_tried_and_how_long_recovery_took()
    {
        SignIn(TestViewers.Ops);
        var spark = Session("spark-analytics");
        var saved = await Core.Services.GetRequiredService<SpotRecoveryCommands>().SaveAsync(TestViewers.Admin, spark.Id, new SpotRecoverySettings(SpotRecovery.Restart));
        Assert.True(saved.Succeeded, saved.Message);
        var page = Render<Dashboard.Components.Pages.Spot>();
        Assert.Equal("12", page.Find("[data-fleet-count='running']").GetAttribute("data-count-value"));
        var worker = spark.Machines.First(m => m.IsSpot);

        Assert.True((await Core.Commands.SimulateEvictionAsync(worker.Id, TestViewers.Ops)).Succeeded);

        await page.WaitForAssertionAsync(() =>
        {
            var row = page.FindAll("[data-table='evictions'] tr").Single(r => r.QuerySelector($"[data-eviction='{worker.Name}']") is not null);
            Assert.Contains("Attempt 1: restart succeeded", row.QuerySelector("[data-tried]")!.TextContent);
            Assert.NotEqual("", row.QuerySelector("[data-recovered-after]")!.GetAttribute("data-recovered-after"));
            Assert.Equal("12", page.Find("[data-fleet-count='running']").GetAttribute("data-count-value"));
            Assert.Equal("0", page.Find("[data-fleet-count='evicted']").GetAttribute("data-count-value"));
        }, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task The_owner_sets_recovery_from_the_session_card_and_a_method_that_does_not_fit_is_refused_in_the_dialog()
    {
        var page = Render<Sessions>();
        const string hpc = "[data-session='genomics-hpc']";

        await FinishesAsync(Button(page, "Spot recovery", hpc).ClickAsync(new()), "opening Spot recovery");
        var consequence = await Dialogs.WaitForElementAsync("[data-policy-consequence]", Patience);
        Assert.Contains("Delete policy", consequence.TextContent);
        await FinishesAsync(Button(Dialogs, "Save Spot recovery").ClickAsync(new()), "saving none");

        await page.WaitForAssertionAsync(() => Assert.Empty(Dialogs.FindAll("[data-policy-consequence]")), Patience);
        Assert.Equal(SpotRecovery.None, Session("genomics-hpc").SpotRecovery.Mode);
        Assert.Empty(page.FindAll("[data-session='python-workshop'] button[aria-label='Spot recovery']"));
    }

    [Fact]
    public async Task The_owner_sets_back_to_spot_in_the_dialog_and_the_session_keeps_it()
    {
        var hpc = Session("genomics-hpc");
        var saved = await Core.Services.GetRequiredService<SpotRecoveryCommands>().SaveAsync(TestViewers.Admin, hpc.Id,
            new SpotRecoverySettings(SpotRecovery.Recreate, FallbackAfterAttempts: 3));
        Assert.True(saved.Succeeded, saved.Message);
        var page = Render<Sessions>();

        await FinishesAsync(Button(page, "Spot recovery", "[data-session='genomics-hpc']").ClickAsync(new()), "opening Spot recovery");
        var back = await Dialogs.WaitForElementAsync("input[aria-label='Back to Spot after minutes']", Patience);
        await FinishesAsync(back.ChangeAsync(new() { Value = "30" }), "typing the minutes");
        await FinishesAsync(Button(Dialogs, "Save Spot recovery").ClickAsync(new()), "saving");

        await page.WaitForAssertionAsync(() => Assert.Equal(30, Session("genomics-hpc").SpotRecovery.ReturnAfterMinutes), Patience);
        Assert.Equal(3, Session("genomics-hpc").SpotRecovery.FallbackAfterAttempts);
    }
}
