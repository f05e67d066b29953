using Bunit;
using Dashboard.Components.Pages;
using Dashboard.Core.Domain;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Components;

/// <summary>The machine page's snapshot list and the confirmation before a restore, with the real Core behind them.</summary>
public sealed class SnapshotPanelTests : DashboardComponentTest
{
    private const string Name = "python-workshop-01";

    [Fact]
    public async Task The_owner_sees_each_snapshot_with_its_size_and_source_and_the_actions_on_it()
    {
        var snapshot = await SnapshotAsync();

        var page = RenderPage();

        await page.WaitForAssertionAsync(() => page.Find($"[data-snapshot='{snapshot}']"), Patience);
        var row = page.Find($"[data-snapshot='{snapshot}']");
        Assert.Equal("30 GB", row.QuerySelector("[data-fact='size']")!.TextContent.Trim());
        Assert.Equal($"{Name}-osdisk", row.QuerySelector("[data-fact='source']")!.TextContent.Trim());
        Assert.False(IsDisabled(Button(page, $"Restore from {snapshot}")));
        Assert.False(IsDisabled(Button(page, $"New machine from {snapshot}")));
        Assert.False(IsDisabled(Button(page, "Reimage")));
    }

    [Fact]
    public async Task A_snapshot_taken_from_the_page_joins_the_list_when_it_is_done()
    {
        var page = RenderPage();
        await page.WaitForAssertionAsync(() => page.Find("[data-snapshots-empty]"), Patience);

        await FinishesAsync(Button(page, "Snapshot").ClickAsync(new()), "the snapshot");

        await page.WaitForAssertionAsync(() => Assert.Single(page.FindAll("[data-snapshot]")), Patience);
    }

    [Fact]
    public async Task Restore_asks_first_naming_the_machine_the_snapshot_and_the_loss_and_cancel_changes_nothing()
    {
        Core.Cloud.WriteToDisk(Name, "lesson 1 done");
        var snapshot = await SnapshotAsync();
        Core.Cloud.WriteToDisk(Name, "broken by an experiment");
        var page = RenderPage();
        await page.WaitForAssertionAsync(() => page.Find($"[data-snapshot='{snapshot}']"), Patience);

        var asking = Button(page, $"Restore from {snapshot}").ClickAsync(new());
        await Dialogs.WaitForAssertionAsync(() => Dialogs.Find("[data-confirm-text]"), Patience);
        var text = Dialogs.Find("[data-confirm-text]").TextContent.Trim();
        Assert.Equal($"Restore {Name} from snapshot {snapshot}? {Name} is stopped and deallocated first. Its OS disk is replaced by a copy of "
            + "the snapshot: everything on the current OS disk is lost, and that disk is deleted (a disk the dashboard did not create is kept, detached).", text);
        await FinishesAsync(ButtonWithText(Dialogs, "Cancel").ClickAsync(new()), "cancelling");
        await FinishesAsync(asking, "the cancelled restore");

        Assert.Equal("broken by an experiment", Core.Cloud.DiskContentOf(Name));
        Assert.Equal(MachineState.Running, Machine(Name).State);
        var actions = await Core.Store.RecentActionsAsync(50, CancellationToken.None);
        Assert.DoesNotContain(actions, a => a.Action == AuditAction.Restore);

        var restoring = Button(page, $"Restore from {snapshot}").ClickAsync(new());
        await Dialogs.WaitForAssertionAsync(() => Dialogs.Find("[data-confirm-text]"), Patience);
        await FinishesAsync(ButtonWithText(Dialogs, "Restore").ClickAsync(new()), "confirming");
        await FinishesAsync(restoring, "the restore");

        Assert.Equal("lesson 1 done", Core.Cloud.DiskContentOf(Name));
        await page.WaitForAssertionAsync(() => Assert.Equal("running", page.Find("[data-machine-page] [data-state]").GetAttribute("data-state")), Patience);
    }

    [Fact]
    public async Task Students_and_ops_do_not_see_the_snapshots()
    {
        await SnapshotAsync();

        foreach (var viewer in new[] { TestViewers.Student(1), TestViewers.Ops })
        {
            SignIn(viewer);
            var page = RenderPage();
            await page.WaitForAssertionAsync(() => page.Find($"[data-machine-page='{Name}']"), Patience);
            Assert.Empty(page.FindAll("[data-snapshots]"));
            Assert.Empty(page.FindAll("[data-snapshot]"));
        }
    }

    private IRenderedComponent<MachinePage> RenderPage() => Render<MachinePage>(p => p.Add(x => x.Name, Name));

    private async Task<string> SnapshotAsync()
    {
        var machine = Machine(Name);
        var result = await Core.Commands.RunAsync(machine.Id, MachineAction.Snapshot, TestViewers.Admin);
        Assert.True(result.Succeeded, result.Message);
        return (await Core.Commands.ListSnapshotsAsync(machine.Id, TestViewers.Admin)).Snapshots[0].Name;
    }
}
