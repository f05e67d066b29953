using Dashboard.Core.People;
using Dashboard.Core.Domain;
using Dashboard.Core.Sessions;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.AzureBackend;

using Dashboard.ArmEmulator;

public sealed class AzureProvisioningTests
{
    private static async Task<CreateSessionResult> CreateClusterAsync(AzureHarness azure)
    {
        var formation = (await azure.Core.Store.GetFormationsAsync(CancellationToken.None)).Single(f => f.Kind == FormationKind.BigDataCluster);
        return await azure.Core.Provisioner.CreateAsync(new CreateSessionRequest
        {
            FormationId = formation.Id, Name = "etl", Count = 3, SpotCount = 2, EvictionPolicy = EvictionPolicy.Delete,
            Size = "Standard_E4s_v5", HibernationEnabled = true,
        }, TestViewers.Instructor, CancellationToken.None);
    }

    private static SessionView Etl(AzureHarness azure) => azure.Core.Monitor.FindSession("etl")!;

    [Fact]
    public async Task Creating_a_cluster_creates_tagged_vms_with_spot_priority_policy_and_hibernation_where_asked()
    {
        await using var azure = await AzureHarness.StartAsync();

        var result = await CreateClusterAsync(azure);

        Assert.True(result.Succeeded);
        Assert.All(Etl(azure).Machines, m => Assert.Equal(MachineState.Creating, m.State));
        await Eventually.TrueAsync(() => Etl(azure).Machines.All(m => m.State == MachineState.Running), "every machine runs");
        Assert.Equal(5, azure.Emulator.VirtualMachineNames.Count(n => n.StartsWith("etl-", StringComparison.Ordinal)));
        Assert.Equal("Worker", azure.Emulator.TagsOf("etl-worker-03")["dashboard-role"]);
        Assert.Equal("etl", azure.Emulator.TagsOf("etl-worker-03")["dashboard-session"]);
        Assert.Equal("BigDataCluster", azure.Emulator.TagsOf("etl-proxy")["dashboard-kind"]);

        var spot = azure.Emulator.LastPutBody("etl-worker-03")!["properties"]!;
        Assert.Equal("Spot", spot["priority"]!.GetValue<string>());
        Assert.Equal("Delete", spot["evictionPolicy"]!.GetValue<string>());
        Assert.Null(spot["additionalCapabilities"]?["hibernationEnabled"]);
        var master = azure.Emulator.LastPutBody("etl-master")!["properties"]!;
        Assert.True(master["additionalCapabilities"]!["hibernationEnabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_partial_failure_says_which_machines_failed_and_retry_creates_them()
    {
        await using var azure = await AzureHarness.StartAsync();
        azure.Emulator.InjectFault(new FaultRule("PUT", "virtualMachines/etl-worker-02", 409, "SkuNotAvailable",
            "The requested size for resource 'etl-worker-02' is currently not available in location 'westeurope'."));

        await CreateClusterAsync(azure);
        await Eventually.TrueAsync(() => Etl(azure).Machines.All(m => m.State is MachineState.Running or MachineState.Failed), "provisioning ends");

        var failed = Assert.Single(Etl(azure).Machines, m => m.State == MachineState.Failed);
        Assert.Equal("etl-worker-02", failed.Name);
        Assert.Contains("no capacity", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(4, Etl(azure).Machines.Count(m => m.State == MachineState.Running));

        var retry = await azure.Core.Commands.RunAsync(failed.Id, MachineAction.Retry, TestViewers.Instructor);

        Assert.True(retry.Succeeded, retry.Message);
        Assert.All(Etl(azure).Machines, m => Assert.Equal(MachineState.Running, m.State));
    }

    [Fact]
    public async Task Stop_all_on_a_session_runs_concurrently_and_reports_each_machine()
    {
        await using var azure = await AzureHarness.StartAsync(latency: TimeSpan.FromMilliseconds(500));
        await CreateClusterAsync(azure);
        await Eventually.TrueAsync(() => Etl(azure).Machines.All(m => m.State == MachineState.Running), "every machine runs");
        azure.Emulator.InjectFault(new FaultRule("POST", "etl-worker-01/deallocate", 409, "Conflict", "Another operation is in progress."));

        var batch = azure.Core.Commands.RunBatchAsync(Etl(azure).Id, BatchAction.StopAll, TestViewers.Instructor);
        // One after another, at most one machine would ever be between running and deallocated.
        await Eventually.TrueAsync(() => azure.Emulator.VirtualMachineNames.Where(n => n.StartsWith("etl-", StringComparison.Ordinal))
            .Count(n => azure.Emulator.PowerStateOf(n) is "stopping" or "deallocating") == 4, "four deallocations are in flight at once");
        var result = await batch;

        Assert.Equal(4, result.Succeeded.Count);
        Assert.Equal("etl-worker-01", Assert.Single(result.Failed).Machine);
    }
}
