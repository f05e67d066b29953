using Dashboard.Core.Domain;
using Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Core;

public sealed class MissingFromListingTests
{
    // The background poller is slowed so that each test decides when a listing happens.
    private static readonly Dictionary<string, string?> ManualPolls = new() { ["Cloud:PollSeconds"] = "600", ["Cloud:BusyPollSeconds"] = "600" };

    [Fact]
    public async Task A_machine_missing_from_one_listing_keeps_its_row_and_its_student()
    {
        await using var core = await CoreHost.StartAsync(ManualPolls, replacing: UnreliableCloud.Replace);
        var cloud = core.Services.GetRequiredService<UnreliableCloud>();
        var machine = core.Monitor.FindSession("python-workshop")!.Machines[4];
        await core.Monitor.SetAssignmentAsync(machine.Id, "student05@demo.test");

        cloud.HideFromListings(machine.CloudId!, listings: 1);
        await core.Poller.PollOnceAsync(CancellationToken.None);
        await core.Poller.PollOnceAsync(CancellationToken.None);

        var shown = core.Monitor.FindMachine(machine.Id);
        Assert.Equal((MachineState.Running, "student05@demo.test"), (shown?.State, shown?.AssignedUser));
        await core.Monitor.FlushWritesAsync();
        await using var db = core.CreateDbContext();
        Assert.Equal("student05@demo.test", (await db.Machines.SingleAsync(m => m.Id == machine.Id)).AssignedUser);
    }

    [Fact]
    public async Task A_machine_that_listings_keep_missing_but_a_direct_read_finds_is_never_removed()
    {
        await using var core = await CoreHost.StartAsync(ManualPolls, replacing: UnreliableCloud.Replace);
        var cloud = core.Services.GetRequiredService<UnreliableCloud>();
        var worker = core.Monitor.FindSession("genomics-hpc")!.Machines.First(m => m.IsSpot);

        cloud.HideFromListings(worker.CloudId!);
        for (var i = 0; i < 4; i++)
            await core.Poller.PollOnceAsync(CancellationToken.None);

        // A Spot node with the Delete policy would read as evicted; a regular machine as deleted. Neither happens.
        Assert.Equal(MachineState.Running, core.Monitor.FindMachine(worker.Id)?.State);
        Assert.False(core.Monitor.FindSession(worker.SessionId)!.HasReducedCapacity);
    }

    [Fact]
    public async Task A_machine_deleted_in_the_cloud_is_removed_once_two_listings_and_a_direct_read_agree()
    {
        await using var core = await CoreHost.StartAsync(ManualPolls);
        var machine = core.Monitor.FindSession("python-workshop")!.Machines[5];
        await core.Cloud.DeleteAsync(machine.CloudId!, CancellationToken.None);
        await Eventually.TrueAsync(async () => !(await core.Cloud.ListAsync(CancellationToken.None)).Any(m => m.CloudId == machine.CloudId),
            "the cloud has deleted it");

        await core.Poller.PollOnceAsync(CancellationToken.None);
        Assert.NotNull(core.Monitor.FindMachine(machine.Id));
        await core.Poller.PollOnceAsync(CancellationToken.None);

        Assert.Null(core.Monitor.FindMachine(machine.Id));
    }
}
