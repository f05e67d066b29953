using Dashboard.Core.Cloud.Pacing;
using Dashboard.Core.Domain;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.AzureBackend;

using Dashboard.ArmEmulator;

/// <summary>Batch actions against an ARM endpoint that enforces token-bucket limits and answers 429.</summary>
public sealed class ArmPacingTests
{
    private const int Vms = 12;

    private static void SeedPool(ArmEmulator arm)
    {
        for (var i = 1; i <= Vms; i++)
        {
            arm.AddVirtualMachine(AzureHarness.ResourceGroup, $"pool-{i:00}", tags: AzureHarness.CreatedTags("pool", "PoolMember", "MachinePool"));
        }
    }

    private static Dictionary<string, string?> ClientLimits(int writeBurst, double writesPerSecond) => new()
    {
        ["Cloud:Limits:Writes:Burst"] = writeBurst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Cloud:Limits:Writes:PerSecond"] = writesPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static async Task<AzureHarness> StartPoolAsync(ArmLimits limits, Dictionary<string, string?> client)
    {
        var azure = await AzureHarness.StartAsync(SeedPool, throttling: limits, settings: client);
        await azure.AdoptAsync("pool", Vms);
        azure.Emulator.ResetCounts();
        return azure;
    }

    [Fact]
    public async Task Stop_all_paced_like_arm_draws_no_429_and_reads_nothing_but_the_listing()
    {
        // ARM allows 4 writes at once, then 8 a second; the dashboard's buckets are shaped the same.
        var limits = ArmLimits.Azure with { Writes = new BucketLimit(4, 8) };
        await using var azure = await StartPoolAsync(limits, ClientLimits(4, 8));
        var pool = azure.Core.Monitor.FindSession("pool")!;

        var result = await azure.Core.Commands.RunBatchAsync(pool.Id, BatchAction.StopAll, TestViewers.Admin);

        Assert.Equal(Vms, result.Succeeded.Count);
        var counts = azure.Emulator.Counts;
        Assert.True(counts.Throttled == 0, counts.ToString());
        Assert.Equal(Vms, counts.Write);
        Assert.Equal(0, counts.OperationPolls);
        Assert.Equal(0, counts.Read);
        Assert.True(counts.List > 0);
        Assert.All(azure.Core.Monitor.FindSession("pool")!.Machines, m => Assert.Equal(MachineState.Deallocated, m.State));
    }

    [Fact]
    public async Task A_429_is_waited_out_per_retry_after_and_every_vm_is_asked_exactly_once()
    {
        // The dashboard believes it may send 100 at once; ARM takes 3, then 4 a second.
        var limits = ArmLimits.Azure with { Writes = new BucketLimit(3, 4) };
        await using var azure = await StartPoolAsync(limits, ClientLimits(100, 100));
        var pool = azure.Core.Monitor.FindSession("pool")!;
        var pacer = azure.Core.Services.GetRequiredService<CloudRequestPacer>();

        var result = await azure.Core.Commands.RunBatchAsync(pool.Id, BatchAction.StopAll, TestViewers.Admin);

        Assert.Equal(Vms, result.Succeeded.Count);
        var counts = azure.Emulator.Counts;
        Assert.True(counts.Throttled > 0, "the endpoint refused some requests");
        Assert.Equal(counts.Throttled, pacer.Throttled);
        // Only refused requests were sent again: each VM's deallocate was accepted once.
        Assert.Equal(Vms, counts.Write - counts.Throttled);
        Assert.All(azure.Core.Monitor.FindSession("pool")!.Machines, m => Assert.Equal(MachineState.Deallocated, m.State));
    }

    [Fact]
    public async Task A_write_that_may_have_reached_azure_is_never_sent_again()
    {
        await using var azure = await StartPoolAsync(ArmLimits.Azure, []);
        var machine = azure.Core.Monitor.FindSession("pool")!.Machines[0];
        azure.Emulator.InjectFault(new FaultRule("POST", $"{machine.Name}/deallocate", 500, "InternalServerError", "Something went wrong."));

        var result = await azure.Core.Commands.RunAsync(machine.Id, MachineAction.Stop, TestViewers.Admin);

        Assert.Equal(ActionOutcome.Failed, result.Outcome);
        Assert.Contains("could not stop", result.Message, StringComparison.Ordinal);
        Assert.Equal(1, azure.Emulator.Counts.Write);
        Assert.Null(azure.Core.Monitor.FindMachine(machine.Id)!.Operation);
    }
}
