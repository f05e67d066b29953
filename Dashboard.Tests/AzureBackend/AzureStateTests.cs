using Dashboard.Core.Domain;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.AzureBackend;

using Dashboard.ArmEmulator;

/// <summary>What the dashboard shows when the cloud is Azure: one list call per cycle, evictions, staleness.</summary>
public sealed class AzureStateTests
{
    private static readonly Dictionary<string, string> SparkWorker = AzureHarness.CreatedTags("spark", "Worker", "BigDataCluster");

    private static void SeedCluster(ArmEmulator arm, int workers, string policy = "Deallocate")
    {
        arm.AddVirtualMachine(AzureHarness.ResourceGroup, "spark-proxy", tags: Tags("Proxy"));
        arm.AddVirtualMachine(AzureHarness.ResourceGroup, "spark-master", tags: Tags("Master"), hibernationEnabled: true);
        for (var i = 1; i <= workers; i++)
            arm.AddVirtualMachine(AzureHarness.ResourceGroup, $"spark-worker-{i:000}", spot: true, evictionPolicy: policy, tags: SparkWorker);
    }

    private static Dictionary<string, string> Tags(string role) => new(SparkWorker) { ["dashboard-role"] = role };

    [Fact]
    public async Task Tagged_vms_an_admin_adopts_form_a_session_with_roles_spot_and_policy()
    {
        await using var azure = await AzureHarness.StartAsync(arm => SeedCluster(arm, 3));

        var spark = await azure.AdoptAsync("spark", 5);

        Assert.Equal(FormationKind.BigDataCluster, spark.Kind);
        Assert.Single(spark.Machines, m => m.Role == MachineRole.Proxy);
        Assert.Single(spark.Machines, m => m.Role == MachineRole.Master && m.HibernationEnabled);
        Assert.All(spark.Machines.Where(m => m.Role == MachineRole.Worker), m =>
        {
            Assert.True(m.IsSpot);
            Assert.Equal(EvictionPolicy.Deallocate, m.EvictionPolicy);
            Assert.Equal(MachineState.Running, m.State);
        });
    }

    [Fact]
    public async Task A_poll_cycle_costs_one_list_request_per_page_and_no_per_vm_reads()
    {
        // The background poller reads once a minute here, so only this test's cycle is counted.
        await using var azure = await AzureHarness.StartAsync(arm => SeedCluster(arm, 118),
            settings: new Dictionary<string, string?> { ["Cloud:PollSeconds"] = "60" });
        await azure.AdoptAsync("spark", 120);

        azure.Emulator.ResetCounts();
        await azure.Core.Poller.PollOnceAsync(CancellationToken.None);

        // Pages of 50: three list requests, whatever the number of sessions.
        Assert.Equal(3, azure.Emulator.Counts.List);
        Assert.Equal(0, azure.Emulator.Counts.Read);
        Assert.Equal(0, azure.Emulator.Counts.Write);
    }

    [Theory]
    [InlineData("Deallocate")]
    [InlineData("Delete")]
    public async Task An_eviction_nobody_asked_for_is_recorded_with_its_policy_and_the_session_runs_on(string policy)
    {
        await using var azure = await AzureHarness.StartAsync(arm => SeedCluster(arm, 2, policy));
        await azure.AdoptAsync("spark", 4);

        await azure.Emulator.EvictAsync("spark-worker-001");

        await Eventually.TrueAsync(
            () => azure.Core.Monitor.FindSession("spark")!.Machines.Single(m => m.Name == "spark-worker-001").State == MachineState.Evicted,
            "the worker shows evicted");
        var spark = azure.Core.Monitor.FindSession("spark")!;
        Assert.True(spark.HasReducedCapacity);
        Assert.Equal(3, spark.Machines.Count(m => m.State == MachineState.Running));
        await Eventually.TrueAsync(() =>
        {
            using var db = azure.Core.CreateDbContext();
            return db.StateChanges.Any(c => c.MachineName == "spark-worker-001" && c.Cause == StateChangeCause.Eviction
                && c.EvictionPolicy == Enum.Parse<EvictionPolicy>(policy));
        }, "the history records the eviction and its policy");
    }

    [Fact]
    public async Task When_arm_keeps_failing_the_stale_warning_comes_after_one_retry_not_after_a_long_backoff()
    {
        await using var azure = await AzureHarness.StartAsync(arm => SeedCluster(arm, 1));
        await Eventually.TrueAsync(() => azure.Core.Monitor.Health.LastSuccess is not null, "a first list succeeds");

        azure.Emulator.InjectFault(new FaultRule("GET", "/providers/Microsoft.Compute/virtualMachines", 503,
            "ServiceUnavailable", "The service is temporarily unavailable.", Times: 1000));

        // Five exponential retries would take about 25 s before the poll could say anything.
        await Eventually.TrueAsync(() => azure.Core.Monitor.Health.IsStale, "the monitor reports stale state", TimeSpan.FromSeconds(10));
        Assert.NotNull(azure.Core.Monitor.Health.FailingSince);
    }

    [Fact]
    public async Task When_arm_refuses_to_list_the_state_is_marked_stale_since_then_and_recovers()
    {
        await using var azure = await AzureHarness.StartAsync(arm => SeedCluster(arm, 1));
        await azure.AdoptAsync("spark", 3);

        azure.Emulator.InjectFault(new FaultRule("GET", "/providers/Microsoft.Compute/virtualMachines", 403,
            "AuthorizationFailed", "The client does not have authorization to list virtual machines.", Times: 5));
        await Eventually.TrueAsync(() => azure.Core.Monitor.Health.IsStale, "the monitor reports stale state");

        var stale = azure.Core.Monitor.Health;
        Assert.NotNull(stale.FailingSince);
        Assert.Contains("authorization", stale.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(3, azure.Core.Monitor.FindSession("spark")!.Machines.Length);
        await Eventually.TrueAsync(() => !azure.Core.Monitor.Health.IsStale, "the state is fresh again once ARM answers");
    }
}
