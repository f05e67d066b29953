using Dashboard.Core.Discovery;
using Dashboard.Core.Domain;
using Dashboard.Core.Setup;
using Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.AzureBackend;

/// <summary>
/// Tagged VMs in the watched groups that no session knows wait in the discovered list until an admin adopts them;
/// whatever their tags hold, a poll never fails and the host keeps running.
/// </summary>
public sealed class DiscoveredMachinesTests
{
    private static Dictionary<string, string> Tags(string session) => new()
    {
        ["dashboard-session"] = session, ["dashboard-role"] = "PoolMember", ["dashboard-kind"] = "MachinePool",
    };

    private static AdoptionRequest Request(IEnumerable<DiscoveredMachine> machines, string session) =>
        new([.. machines.Select(m => m.CloudId)], session, DemoData.Instructor);

    private static async Task<AzureHarness> StartAsync(Action<Dashboard.ArmEmulator.ArmEmulator> seed, bool watchLegacy = false)
    {
        var azure = await AzureHarness.StartAsync(seed, settings: watchLegacy ? new Dictionary<string, string?> { ["Azure:WatchResourceGroups:0"] = "legacy" } : null);
        await TestAccounts.EnsureAsync(azure.Core.Services, DemoData.Instructor, Dashboard.Core.People.Roles.Instructor);
        await azure.Core.Poller.PollOnceAsync(CancellationToken.None);
        return azure;
    }

    [Fact]
    public async Task A_tagged_vm_waits_in_the_discovered_list_until_an_admin_adopts_it_with_an_owner()
    {
        await using var azure = await StartAsync(arm => arm.AddVirtualMachine(AzureHarness.ResourceGroup, "mlab-01", tags: Tags("mlab")));
        await azure.Core.Poller.PollOnceAsync(CancellationToken.None);

        var found = Assert.Single(azure.Discovered.Current);
        Assert.Equal(("mlab-01", "sessions", "mlab"), (found.Name, found.ResourceGroup, found.SessionTag));
        Assert.Null(azure.Core.Monitor.FindSession("mlab"));

        var result = await azure.Adoption.AdoptAsync(TestViewers.Admin, Request([found], "mlab"));

        Assert.True(result.Succeeded, result.Message);
        var mlab = azure.Core.Monitor.FindSession("mlab")!;
        Assert.Equal(DemoData.Instructor, mlab.Owner);
        Assert.Equal("mlab-01", Assert.Single(mlab.Machines).Name);
        Assert.Empty(azure.Discovered.Current);
        Assert.NotNull(azure.Emulator.TagsOf("mlab-01").GetValueOrDefault("dashboard-adopted"));
        await using var db = azure.Core.CreateDbContext();
        Assert.True(await db.Sessions.AnyAsync(s => s.Name == "mlab" && s.Owner == DemoData.Instructor));
        Assert.True(await db.ActionLog.AnyAsync(e => e.Action == AuditAction.AdoptMachines && e.Outcome == ActionOutcome.Succeeded
            && e.Actor == TestViewers.Admin.Name && e.SessionName == "mlab"));
    }

    [Fact]
    public async Task A_non_admin_adopt_call_is_refused_audited_and_adopts_nothing()
    {
        await using var azure = await StartAsync(arm => arm.AddVirtualMachine(AzureHarness.ResourceGroup, "mlab-01", tags: Tags("mlab")));
        var found = Assert.Single(azure.Discovered.Current);

        var result = await azure.Adoption.AdoptAsync(TestViewers.Instructor, Request([found], "mlab"));

        Assert.Equal(ActionOutcome.Refused, result.Outcome);
        Assert.Equal("Only admins can adopt discovered machines.", result.Message);
        Assert.Null(azure.Core.Monitor.FindSession("mlab"));
        Assert.Single(azure.Discovered.Current);
        Assert.Null(azure.Emulator.TagsOf("mlab-01").GetValueOrDefault("dashboard-adopted"));
        await using var db = azure.Core.CreateDbContext();
        Assert.True(await db.ActionLog.AnyAsync(e => e.Action == AuditAction.AdoptMachines && e.Outcome == ActionOutcome.Refused
            && e.Actor == TestViewers.Instructor.Name));
    }

    [Fact]
    public async Task A_300_character_tag_is_shown_on_its_entry_never_written_and_the_host_keeps_polling()
    {
        var longTag = new string('x', 300);
        await using var azure = await StartAsync(arm => arm.AddVirtualMachine(AzureHarness.ResourceGroup, "big-01", tags: Tags(longTag)));
        var firstSuccess = azure.Core.Monitor.Health.LastSuccess;

        await azure.Core.Poller.PollOnceAsync(CancellationToken.None);

        var found = Assert.Single(azure.Discovered.Current);
        Assert.Contains("is not a valid session name: choose one when adopting", Assert.Single(found.Notes), StringComparison.Ordinal);
        Assert.Empty(azure.Core.Monitor.Sessions);
        var asTagged = await azure.Adoption.AdoptAsync(TestViewers.Admin, Request([found], longTag));
        Assert.Equal(ActionOutcome.Refused, asTagged.Outcome);
        Assert.Contains("is not a valid session name", asTagged.Message, StringComparison.Ordinal);
        Assert.False(azure.Core.Poller.ExecuteTask!.IsCompleted);
        await Eventually.TrueAsync(() => azure.Core.Monitor.Health.LastSuccess > firstSuccess && !azure.Core.Monitor.Health.IsStale,
            "the background poll goes on");

        var renamed = await azure.Adoption.AdoptAsync(TestViewers.Admin, Request([found], "big"));
        Assert.True(renamed.Succeeded, renamed.Message);
        Assert.Equal("big-01", Assert.Single(azure.Core.Monitor.FindSession("big")!.Machines).Name);
    }

    [Fact]
    public async Task The_same_vm_name_in_two_groups_is_shown_as_a_clash_and_only_one_can_be_adopted()
    {
        await using var azure = await StartAsync(arm =>
        {
            arm.AddVirtualMachine(AzureHarness.ResourceGroup, "dup-01", tags: Tags("dup"));
            arm.AddVirtualMachine("legacy", "dup-01", tags: Tags("dup"));
        }, watchLegacy: true);

        await azure.Core.Poller.PollOnceAsync(CancellationToken.None);

        var both = azure.Discovered.Current;
        Assert.Equal(2, both.Count);
        Assert.Contains(both, d => d.ResourceGroup == "sessions" && d.Notes.Any(n => n.Contains("also in legacy", StringComparison.Ordinal)));
        Assert.Contains(both, d => d.ResourceGroup == "legacy" && d.Notes.Any(n => n.Contains("also in sessions", StringComparison.Ordinal)));
        var together = await azure.Adoption.AdoptAsync(TestViewers.Admin, Request(both, "dup"));
        Assert.Equal(ActionOutcome.Refused, together.Outcome);
        Assert.Contains("Two machines named dup-01 were chosen", together.Message, StringComparison.Ordinal);

        var one = await azure.Adoption.AdoptAsync(TestViewers.Admin, Request(both.Where(d => d.ResourceGroup == "legacy"), "dup"));
        Assert.True(one.Succeeded, one.Message);
        await azure.Core.Poller.PollOnceAsync(CancellationToken.None);

        var other = Assert.Single(azure.Discovered.Current);
        Assert.Equal(("sessions", "Session dup already has a machine named dup-01."), (other.ResourceGroup, other.Blocker));
        Assert.Equal(ActionOutcome.Refused, (await azure.Adoption.AdoptAsync(TestViewers.Admin, Request([other], "dup"))).Outcome);
    }

    [Fact]
    public async Task The_owner_of_a_new_session_must_be_an_instructor_account()
    {
        await using var azure = await StartAsync(arm => arm.AddVirtualMachine(AzureHarness.ResourceGroup, "mlab-01", tags: Tags("mlab")));
        var found = Assert.Single(azure.Discovered.Current);

        var result = await azure.Adoption.AdoptAsync(TestViewers.Admin, new AdoptionRequest([found.CloudId], "mlab", "nobody@example.org"));

        Assert.Equal(ActionOutcome.Refused, result.Outcome);
        Assert.Contains("No account nobody@example.org exists", result.Message, StringComparison.Ordinal);
        Assert.Null(azure.Core.Monitor.FindSession("mlab"));
    }
}
