using Dashboard.Core.Domain;
using Dashboard.Core.Sessions;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.AzureBackend;

using Dashboard.ArmEmulator;

/// <summary>
/// A session "prod" with one machine targets prod-01: whatever of that name someone else made (VM, network interface,
/// OS disk) makes the creation fail in plain words, and is left exactly as it was.
/// </summary>
public sealed class CreationNeverOverwritesTests
{
    private const string Group = AzureHarness.ResourceGroup;
    private static readonly Dictionary<string, string> Theirs = new() { ["team"] = "theirs" };

    private static async Task<CreateSessionResult> CreateProdAsync(AzureHarness azure)
    {
        var pool = (await azure.Core.Store.GetFormationsAsync(CancellationToken.None)).Single(f => f.Kind == FormationKind.MachinePool);
        return await azure.Core.Provisioner.CreateAsync(new CreateSessionRequest
        {
            FormationId = pool.Id, Name = "prod", Count = 1, Size = pool.Size,
        }, TestViewers.Instructor, CancellationToken.None);
    }

    private static MachineView? Prod01(AzureHarness azure) => azure.Core.Monitor.FindSession("prod")?.Machines.Single();

    [Fact]
    public async Task A_foreign_vm_of_the_same_name_fails_the_creation_in_plain_words_and_stays_untouched()
    {
        await using var azure = await AzureHarness.StartAsync(arm => arm.AddVirtualMachine(Group, "prod-01", tags: Theirs));

        var result = await CreateProdAsync(azure);

        Assert.False(result.Succeeded);
        Assert.Equal("A VM named prod-01 already exists in resource group sessions; the dashboard did not create it and will not replace it.",
            Assert.Single(result.Errors).Message);
        Assert.Null(azure.Core.Monitor.FindSession("prod"));
        Assert.Equal(0, azure.Emulator.Counts.Write);
        Assert.Null(azure.Emulator.LastPutBody("prod-01"));
        Assert.Equal(Theirs, azure.Emulator.TagsOf("prod-01"));
        Assert.Equal("running", azure.Emulator.PowerStateOf("prod-01"));
    }

    [Fact]
    public async Task A_vm_made_after_the_last_listing_is_not_overwritten_nor_later_deleted_through_the_failed_row()
    {
        // The only listing is taken at start; the stranger's VM (and its NIC) appear after it.
        await using var azure = await AzureHarness.StartAsync(settings: new Dictionary<string, string?> { ["Cloud:PollSeconds"] = "3600" });
        // The poller's own first listing (the only one for an hour) must be over before the VM appears: a late one would see it.
        await Eventually.TrueAsync(() => azure.Core.Monitor.Health.LastSuccess is not null, "the first listing is done");
        azure.Emulator.AddVirtualMachine(Group, "prod-01", tags: Theirs);

        Assert.True((await CreateProdAsync(azure)).Succeeded);
        string? error = null;
        await Eventually.TrueAsync(() => (error = Prod01(azure)?.LastError) is not null, "the creation fails");

        Assert.Contains("already exists in resource group sessions; the dashboard will not replace it", error, StringComparison.Ordinal);
        Assert.Null(azure.Emulator.LastPutBody("prod-01"));
        Assert.Equal(Theirs, azure.Emulator.TagsOf("prod-01"));
        Assert.True(azure.Emulator.ResourceExists(azure.Emulator.NetworkInterfaceId(Group, "prod-01-nic")));

        var delete = await azure.Core.Commands.RunAsync(Prod01(azure)!.Id, MachineAction.Delete, TestViewers.Instructor);

        Assert.False(delete.Succeeded);
        Assert.Contains("neither created by the dashboard nor adopted by an admin", delete.Message, StringComparison.Ordinal);
        Assert.Equal(0, azure.Emulator.Counts.Delete);
        Assert.Equal("running", azure.Emulator.PowerStateOf("prod-01"));
    }

    [Fact]
    public async Task A_foreign_network_interface_of_the_same_name_fails_the_creation_and_is_neither_changed_nor_deleted()
    {
        await using var azure = await AzureHarness.StartAsync(arm => arm.AddNetworkInterface(Group, "prod-01-nic", Theirs));
        var nicId = azure.Emulator.NetworkInterfaceId(Group, "prod-01-nic");
        var before = azure.Emulator.PlainResourceOf(nicId)!.ToJsonString();

        Assert.True((await CreateProdAsync(azure)).Succeeded);
        await Eventually.TrueAsync(() => Prod01(azure) is { State: MachineState.Failed }, "the creation fails");

        Assert.Equal("Creation failed: A network interface named prod-01-nic already exists in resource group sessions; the dashboard will not replace it, so prod-01 was not created.",
            Prod01(azure)!.LastError);
        Assert.Equal(before, azure.Emulator.PlainResourceOf(nicId)!.ToJsonString());
        Assert.DoesNotContain("prod-01", azure.Emulator.VirtualMachineNames);
        Assert.Equal(0, azure.Emulator.Counts.Delete);
    }

    [Fact]
    public async Task A_foreign_disk_named_like_the_os_disk_fails_the_creation_and_is_kept_as_it_was()
    {
        await using var azure = await AzureHarness.StartAsync(arm => arm.AddDisk(Group, "prod-01-osdisk", Theirs));
        var diskId = azure.Emulator.DiskId(Group, "prod-01-osdisk");
        var before = azure.Emulator.PlainResourceOf(diskId)!.ToJsonString();

        Assert.True((await CreateProdAsync(azure)).Succeeded);
        await Eventually.TrueAsync(() => Prod01(azure) is { State: MachineState.Failed }, "the creation fails");

        Assert.Equal("Creation failed: An OS disk named prod-01-osdisk already exists in resource group sessions; the dashboard will not replace it, so prod-01 was not created.",
            Prod01(azure)!.LastError);
        Assert.Equal(before, azure.Emulator.PlainResourceOf(diskId)!.ToJsonString());
        Assert.DoesNotContain("prod-01", azure.Emulator.VirtualMachineNames);
        // The network interface this attempt made is gone again; nothing else was deleted.
        Assert.False(azure.Emulator.ResourceExists(azure.Emulator.NetworkInterfaceId(Group, "prod-01-nic")));
    }

    [Fact]
    public async Task What_the_dashboard_creates_carries_its_creation_tag_and_is_deleted_with_nic_and_disk()
    {
        await using var azure = await AzureHarness.StartAsync();

        Assert.True((await CreateProdAsync(azure)).Succeeded);
        await Eventually.TrueAsync(() => Prod01(azure) is { State: MachineState.Running }, "prod-01 runs");
        Assert.Equal("true", azure.Emulator.TagsOf("prod-01")["dashboard-created"]);
        Assert.True(azure.Emulator.WasCreatedCreateOnly("prod-01"));

        var delete = await azure.Core.Commands.RunAsync(Prod01(azure)!.Id, MachineAction.Delete, TestViewers.Instructor);

        Assert.True(delete.Succeeded, delete.Message);
        await Eventually.TrueAsync(() => !azure.Emulator.VirtualMachineNames.Contains("prod-01"), "prod-01 is deleted");
        Assert.False(azure.Emulator.ResourceExists(azure.Emulator.NetworkInterfaceId(Group, "prod-01-nic")));
        Assert.False(azure.Emulator.ResourceExists(azure.Emulator.DiskId(Group, "prod-01-osdisk")));
    }
}
