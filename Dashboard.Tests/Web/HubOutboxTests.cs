using Dashboard.Hubs;

namespace Dashboard.Tests.Web;

/// <summary>A connection's outbox: the latest message per session, in the order sessions first changed.</summary>
public sealed class HubOutboxTests
{
    [Fact]
    public void A_session_posted_again_keeps_its_place_and_only_its_latest_message()
    {
        var outbox = new HubOutbox();

        outbox.Post("alpha", OutboxMessage.Removed("alpha-1"));
        outbox.Post("beta", OutboxMessage.Removed("beta-1"));
        var pending = outbox.Post("alpha", OutboxMessage.Removed("alpha-2"));

        Assert.Equal(2, pending);
        Assert.Equal(["alpha-2", "beta-1"], TakeAll(outbox));
    }

    [Fact]
    public void A_session_taken_and_posted_again_goes_to_the_back()
    {
        var outbox = new HubOutbox();
        outbox.Post("alpha", OutboxMessage.Removed("alpha-1"));
        outbox.Post("beta", OutboxMessage.Removed("beta-1"));

        Assert.True(outbox.TryTake(out _));
        outbox.Post("alpha", OutboxMessage.Removed("alpha-2"));

        Assert.Equal(["beta-1", "alpha-2"], TakeAll(outbox));
    }

    [Fact]
    public void A_dropped_session_is_not_sent()
    {
        var outbox = new HubOutbox();
        outbox.Post("alpha", OutboxMessage.Removed("alpha-1"));
        outbox.Post("beta", OutboxMessage.Removed("beta-1"));

        outbox.Drop("alpha");

        Assert.Equal(["beta-1"], TakeAll(outbox));
        Assert.Equal(0, outbox.PendingSessions);
    }

    [Fact]
    public async Task A_post_wakes_the_waiting_pump()
    {
        var outbox = new HubOutbox();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var waiting = outbox.WaitAsync(timeout.Token);
        Assert.False(waiting.IsCompleted);

        outbox.Post("alpha", OutboxMessage.Removed("alpha"));

        await waiting;
        Assert.Equal(["alpha"], TakeAll(outbox));
    }

    [Fact]
    public async Task A_post_made_while_the_pump_is_sending_is_found_by_its_next_wait()
    {
        var outbox = new HubOutbox();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        outbox.Post("alpha", OutboxMessage.Removed("alpha"));
        await outbox.WaitAsync(timeout.Token);
        Assert.True(outbox.TryTake(out _));

        outbox.Post("beta", OutboxMessage.Removed("beta"));

        await outbox.WaitAsync(timeout.Token);
        Assert.Equal(["beta"], TakeAll(outbox));
    }

    private static List<string> TakeAll(HubOutbox outbox)
    {
        var taken = new List<string>();
        while (outbox.TryTake(out var message))
            taken.Add((string)message.Argument);
        return taken;
    }
}
