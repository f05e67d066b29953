using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.AzureBackend;

/// <summary>Snapshots, restore, reimage and copies through the real SDK against the local ARM endpoint.</summary>
public sealed class AzureSnapshotTests
{
    private static async Task<(AzureHarness Azure, SessionView Class)> StartClassAsync()
    {
        var azure = await AzureHarness.StartAsync(arm =>
        {
            foreach (var name in new[] { "class-01", "class-02" })
                arm.AddVirtualMachine(AzureHarness.ResourceGroup, name, tags: AzureHarness.CreatedTags("class", "PoolMember", "MachinePool"));
        });
        return (azure, await azure.AdoptAsync("class", 2));
    }

    private static async Task<string> SnapshotAsync(AzureHarness azure, MachineView machine)
    {
        var result = await azure.Core.Commands.RunAsync(machine.Id, MachineAction.Snapshot, TestViewers.Instructor);
        Assert.True(result.Succeeded, result.Message);
        return Assert.Single((await azure.Core.Commands.ListSnapshotsAsync(machine.Id, TestViewers.Instructor)).Snapshots).Name;
    }

    [Fact]
    public async Task Restore_copies_the_snapshot_to_a_new_disk_swaps_it_in_and_starts_the_vm_again()
    {
        var (azure, session) = await StartClassAsync();
        await using var _ = azure;
        var machine = session.Machines.Single(m => m.Name == "class-01");
        var oldDisk = azure.Emulator.OsDiskIdOf("class-01")!;
        var snapshot = await SnapshotAsync(azure, machine);

        var result = await azure.Core.Commands.RestoreAsync(machine.Id, snapshot, TestViewers.Instructor);

        Assert.True(result.Succeeded, result.Message);
        var newDisk = azure.Emulator.OsDiskIdOf("class-01")!;
        Assert.NotEqual(oldDisk, newDisk);
        var snapshotId = $"/subscriptions/{AzureHarness.Subscription}/resourceGroups/{AzureHarness.ResourceGroup}/providers/Microsoft.Compute/snapshots/{snapshot}";
        var made = azure.Emulator.DiskOf(newDisk)!.Value;
        Assert.Equal(("Copy", snapshotId), (made.CreateOption, made.SourceId));
        Assert.Equal(azure.Cloud.IdFor("class-01"), made.ManagedBy, ignoreCase: true);
        // The dashboard created the VM, so the disk it replaced is deleted, as the message says.
        Assert.False(azure.Emulator.ResourceExists(oldDisk));
        Assert.Contains("its previous OS disk class-01-osdisk was deleted", result.Message);
        Assert.Equal("running", azure.Emulator.PowerStateOf("class-01"));
        Assert.Equal(MachineState.Running, azure.Core.Monitor.FindMachine(machine.Id)!.State);
        // Found by its tag, though the disk it was taken from is gone.
        Assert.Equal([snapshot], (await azure.Core.Commands.ListSnapshotsAsync(machine.Id, TestViewers.Instructor)).Snapshots.Select(s => s.Name));
    }

    [Fact]
    public async Task The_os_disk_swap_refused_while_running_says_the_copied_disk_was_deleted_again()
    {
        var (azure, session) = await StartClassAsync();
        await using var _ = azure;
        var machine = session.Machines.Single(m => m.Name == "class-02");
        var snapshot = await SnapshotAsync(azure, machine);
        var disksBefore = azure.Emulator.DiskIds.Count;

        var refused = await Assert.ThrowsAsync<CloudOperationException>(() =>
            azure.Cloud.RestoreOsDiskAsync(machine.CloudId!, snapshot, CancellationToken.None));

        Assert.Equal("OperationNotAllowed", refused.Code);
        Assert.StartsWith("Azure refused to swap the OS disk of class-02", refused.Message);
        Assert.EndsWith($"Nothing was restored: the disk {refused.Message.Split("the disk ")[1].Split(' ')[0]} copied from {snapshot} was deleted again, and class-02 keeps its OS disk.", refused.Message);
        Assert.Equal($"/subscriptions/{AzureHarness.Subscription}/resourceGroups/{AzureHarness.ResourceGroup}/providers/Microsoft.Compute/disks/class-02-osdisk",
            azure.Emulator.OsDiskIdOf("class-02"));
        Assert.Equal(disksBefore, azure.Emulator.DiskIds.Count);
        Assert.Equal("running", azure.Emulator.PowerStateOf("class-02"));
    }

    [Fact]
    public async Task A_snapshot_that_is_gone_is_said_in_words_and_nothing_is_made()
    {
        var (azure, session) = await StartClassAsync();
        await using var _ = azure;
        var machine = session.Machines.Single(m => m.Name == "class-02");

        var restore = await Assert.ThrowsAsync<CloudOperationException>(() =>
            azure.Cloud.RestoreOsDiskAsync(machine.CloudId!, "class-02-osdisk-19990101-000000", CancellationToken.None));
        var copy = await azure.Core.Commands.CreateFromSnapshotAsync(machine.Id, "class-02-osdisk-19990101-000000", TestViewers.Instructor);

        Assert.Equal(("SnapshotNotFound", "Snapshot class-02-osdisk-19990101-000000 no longer exists in resource group sessions; nothing was changed on class-02."),
            (restore.Code, restore.Message));
        Assert.Equal(ActionOutcome.Failed, copy.Outcome);
        Assert.Equal("Creating a machine from snapshot class-02-osdisk-19990101-000000 failed: "
            + "Snapshot class-02-osdisk-19990101-000000 no longer exists in resource group sessions; class-03 was not created.", copy.Message);
        Assert.Equal(2, azure.Core.Monitor.FindSession("class")!.Machines.Length);
        Assert.DoesNotContain("class-03", azure.Emulator.VirtualMachineNames);
        Assert.DoesNotContain(azure.Emulator.DiskIds, d => d.Contains("class-03", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_machine_created_from_a_snapshot_boots_from_an_attached_copy_and_joins_the_session()
    {
        var (azure, session) = await StartClassAsync();
        await using var _ = azure;
        var source = session.Machines.Single(m => m.Name == "class-01");
        var snapshot = await SnapshotAsync(azure, source);

        var result = await azure.Core.Commands.CreateFromSnapshotAsync(source.Id, snapshot, TestViewers.Instructor);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("running", azure.Emulator.PowerStateOf("class-03"));
        var disk = azure.Emulator.DiskOf(azure.Emulator.OsDiskIdOf("class-03")!)!.Value;
        Assert.Equal("Copy", disk.CreateOption);
        Assert.EndsWith($"/snapshots/{snapshot}", disk.SourceId);
        Assert.Equal("true", azure.Emulator.TagsOf("class-03")["dashboard-created"]);
        Assert.Equal("class", azure.Emulator.TagsOf("class-03")["dashboard-session"]);
        var copy = azure.Core.Monitor.FindSession("class")!.Machines.Single(m => m.Name == "class-03");
        Assert.Equal(MachineState.Running, copy.State);
    }

    [Fact]
    public async Task Reimage_gives_a_pool_member_a_new_os_disk_and_it_keeps_running()
    {
        var (azure, session) = await StartClassAsync();
        await using var _ = azure;
        var machine = session.Machines.Single(m => m.Name == "class-02");
        var oldDisk = azure.Emulator.OsDiskIdOf("class-02")!;

        var result = await azure.Core.Commands.ReimageAsync(machine.Id, TestViewers.Instructor);

        Assert.True(result.Succeeded, result.Message);
        Assert.NotEqual(oldDisk, azure.Emulator.OsDiskIdOf("class-02"));
        Assert.False(azure.Emulator.ResourceExists(oldDisk));
        Assert.Equal(MachineState.Running, azure.Core.Monitor.FindMachine(machine.Id)!.State);
    }
}
