using Dashboard.Core.Domain;
using Dashboard.Core.Spot;
using Dashboard.Tests.AzureBackend;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.ScaleOut;

using Dashboard.ArmEmulator;

/// <summary>Only the polling server recovers Spot machines; the Spot page on every server shows what it is doing.</summary>
[Collection(RedisCollection.Name)]
public sealed class SpotRecoveryAcrossServersTests(RedisServer redis)
{
    [Fact]
    public async Task The_followers_Spot_page_shows_the_leaders_recovery_case_and_capacity_cooldown()
    {
        await using var pair = await ServerPair.StartAsync(redis, arm =>
            arm.AddVirtualMachine(AzureHarness.ResourceGroup, "spark-w1", spot: true, evictionPolicy: "Deallocate",
                tags: AzureHarness.CreatedTags("spark", "Worker", "BigDataCluster")),
            extra: new Dictionary<string, string?>
            {
                ["Spot:Recovery:ScanSeconds"] = "0.2",
                ["Spot:Recovery:FirstRetrySeconds"] = "3600",
                ["Spot:Recovery:MaxRetrySeconds"] = "3600",
                ["Spot:Recovery:CapacityCooldownMinutes"] = "30",
            });
        var session = await AzureHarness.AdoptAsync(pair.First.Core, "spark", 1);
        var saved = await pair.First.Core.Services.GetRequiredService<SpotRecoveryCommands>()
            .SaveAsync(TestViewers.Admin, session.Id, new SpotRecoverySettings(SpotRecovery.Restart));
        Assert.True(saved.Succeeded, saved.Message);
        pair.Emulator.InjectFault(new FaultRule("POST", "spark-w1/start", 409, "SkuNotAvailable",
            "The requested VM size is not available in the current region: no Spot capacity.", Times: 5));

        await pair.Emulator.EvictAsync("spark-w1");

        var leader = pair.Leader.Core.Services.GetRequiredService<SpotRecoverer>();
        var follower = pair.Follower.Core.Services.GetRequiredService<SpotRecoverer>();
        await Eventually.TrueAsync(() => leader.Recovering.Any(r => r.Failures == 1) && leader.Cooldowns.Count == 1,
            "the leader's restart failed for want of capacity and the cooldown runs");
        await Eventually.TrueAsync(() => follower.Recovering.Any(r => r is { MachineName: "spark-w1", Failures: 1 }) && follower.Cooldowns.Count == 1,
            "the follower shows the leader's case and cooldown");
        Assert.Equal(leader.Cooldowns.Single().Key, follower.Cooldowns.Single().Key);
    }
}
