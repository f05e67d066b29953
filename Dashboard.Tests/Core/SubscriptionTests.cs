using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Core;

/// <summary>A subscriber's queue is bounded: one that falls behind gets the latest state per session, not a backlog.</summary>
public sealed class SubscriptionTests
{
    [Fact]
    public async Task A_subscriber_that_does_not_read_holds_one_entry_per_session_and_then_gets_the_latest()
    {
        await using var core = await CoreHost.StartAsync();
        var pool = core.Monitor.FindSession("python-workshop")!;
        using var slow = core.Monitor.Subscribe();

        // Three hundred changes, alternating two states, across the twelve machines of one session.
        for (var i = 0; i < 300; i++)
        {
            var machine = pool.Machines[i % pool.Machines.Length];
            var state = i / pool.Machines.Length % 2 == 0 ? MachineState.Stopped : MachineState.Running;
            await core.Monitor.ApplyAsync([new StateUpdate(machine.Id, state, StateChangeCause.Cloud)], CancellationToken.None);
        }

        Assert.Equal(1, slow.Pending);
        var batch = await FirstAsync(slow);
        var change = Assert.Single(batch.Changes);
        Assert.Equal(core.Monitor.FindSession(pool.Id), change.Session);
    }

    [Fact]
    public async Task Cloud_health_travels_with_the_state()
    {
        // Polled once a minute after the first listing, so no healthy listing follows the failure this test reports.
        await using var core = await CoreHost.StartAsync(new Dictionary<string, string?> { ["Cloud:PollSeconds"] = "60" });
        await Eventually.TrueAsync(() => core.Monitor.Health.LastSuccess is not null, "the first listing is done");
        using var subscription = core.Monitor.Subscribe();
        Assert.False(subscription.InitialHealth.IsStale);

        core.Monitor.ReportHealth(new CloudHealth(DateTimeOffset.UtcNow, "The cloud cannot be reached.", DateTimeOffset.UtcNow));

        var batch = await FirstAsync(subscription);
        Assert.True(batch.Health?.IsStale);
        Assert.Equal("The cloud cannot be reached.", batch.Health!.Error);
    }

    private static async Task<LiveBatch> FirstAsync(SessionSubscription subscription)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var batch in subscription.ReadAsync(TimeSpan.Zero, timeout.Token))
            return batch;
        throw new InvalidOperationException("No batch arrived.");
    }
}
