using Bunit;
using Dashboard.Components.Pages;
using Dashboard.Core.Domain;
using Dashboard.Core.Setup;

namespace Dashboard.Tests.Components;

/// <summary>The "New session" dialog, opened from the page, validated and provisioned by the real Core.</summary>
public sealed class NewSessionDialogTests : DashboardComponentTest
{
    protected override IDictionary<string, string?> CoreSettings => new Dictionary<string, string?> { ["Spot:EvictionRates:Standard_E4s_v5"] = "5-10%" };

    [Fact]
    public async Task An_invalid_name_shows_the_rule_and_creates_nothing()
    {
        var page = Render<Sessions>();
        var opening = Button(page, "New session").ClickAsync(new());
        await PickFormationAsync("Python Workshop Pool");

        await FinishesAsync(Dialogs.Find("input[data-field='name']").InputAsync("Bad Name!"), "typing the name");
        await FinishesAsync(ButtonWithText(Dialogs, "Create").ClickAsync(new()), "pressing Create");

        Assert.Contains("Use 3–30 characters: lower-case letters, digits and hyphens",
            Dialogs.Find(".mud-input-error").TextContent);
        Assert.False(opening.IsCompleted, "the dialog stays open");
        Assert.Equal(4, Core.Monitor.Sessions.Count);
        Assert.Equal(4, (await Core.Store.LoadActiveSessionsAsync(CancellationToken.None)).Count);
        Assert.Equal(4, page.FindAll("[data-session]").Count);
    }

    [Fact]
    public async Task A_valid_spark_request_creates_the_session_which_appears_expanded_on_the_page()
    {
        var page = Render<Sessions>();
        var opening = Button(page, "New session").ClickAsync(new());
        await PickFormationAsync("Spark Cluster");

        await FinishesAsync(Dialogs.Find("input[data-field='name']").InputAsync("spark-two"), "typing the name");
        await FinishesAsync(ButtonWithText(Dialogs, "Create").ClickAsync(new()), "pressing Create");
        await FinishesAsync(opening, "the New session dialog");

        var created = Session("spark-two");
        Assert.Equal(FormationKind.BigDataCluster, created.Kind);
        Assert.Equal(DemoData.Instructor, created.Owner);
        Assert.Empty(Dialogs.FindAll("input[data-field='name']"));
        const string two = "[data-session='spark-two']";
        await page.WaitForAssertionAsync(() =>
        {
            Assert.Equal("true", Button(page, "Collapse", two).GetAttribute("aria-expanded"));
            Assert.Equal(8, page.FindAll($"{two} [data-machine]").Count);
            Assert.Equal("workers 6/6 running", page.Find($"{two} [data-count='Worker']").TextContent.Trim());
        }, Patience);
        Assert.Equal(4, page.FindAll($"{two} [data-spot]").Count);
        Assert.Equal(5, page.FindAll("[data-session]").Count);
    }

    [Fact]
    public async Task Choosing_Spot_workers_shows_what_an_eviction_does_what_Spot_saves_and_the_sizes_eviction_rate()
    {
        var page = Render<Sessions>();
        var opening = Button(page, "New session").ClickAsync(new());
        await PickFormationAsync("Spark Cluster");

        var advice = await Dialogs.WaitForElementAsync("[data-spot-advice]", Patience);
        Assert.Contains("an evicted machine is deallocated: its disks are kept", advice.TextContent);
        // Demo prices: 0.288 regular, 0.0576 Spot per hour for Standard_E4s_v5; four Spot workers.
        Assert.Equal("0.2304", advice.QuerySelector("[data-spot-saving]")!.GetAttribute("data-spot-saving"));
        Assert.Contains("4 Spot machines save 0.92 USD per hour running", advice.TextContent);
        Assert.Equal("5-10%", advice.QuerySelector("[data-eviction-rate]")!.GetAttribute("data-eviction-rate"));
        await FinishesAsync(ButtonWithText(Dialogs, "Cancel").ClickAsync(new()), "cancelling");
        await FinishesAsync(opening, "the New session dialog");
    }

    /// <summary>Opens the formation list and clicks the formation, as a person would.</summary>
    private async Task PickFormationAsync(string name)
    {
        await Dialogs.WaitForAssertionAsync(() => Assert.NotEmpty(Dialogs.FindAll("[data-field='formation']")), Patience);
        await FinishesAsync(Dialogs.Find("[data-field='formation']").Closest(".mud-input-control")!.MouseDownAsync(new()),
            "opening the formation list");
        var item = (await Popovers.WaitForElementsAsync(".mud-popover-open .mud-list-item", Patience))
            .Single(i => i.TextContent.Trim().StartsWith(name + " (", StringComparison.Ordinal));
        await FinishesAsync(item.ClickAsync(new()), "choosing " + name);
        await Dialogs.WaitForAssertionAsync(() =>
            Assert.StartsWith(name + " (", Dialogs.Find("[data-field='formation']").TextContent.Trim()), Patience);
    }
}
