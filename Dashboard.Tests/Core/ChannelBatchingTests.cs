using System.Threading.Channels;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;

namespace Dashboard.Tests.Core;

public sealed class ChannelBatchingTests
{
    [Fact]
    public async Task A_burst_of_500_changes_arrives_in_a_handful_of_batches_with_nothing_lost()
    {
        var channel = Channel.CreateUnbounded<int>();
        var batches = new List<IReadOnlyList<int>>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var reading = Task.Run(async () =>
        {
            await foreach (var batch in channel.Reader.ReadBatchesAsync(TimeSpan.FromMilliseconds(200), TimeProvider.System, cts.Token))
                batches.Add(batch);
        });

        for (var i = 0; i < 500; i++)
        {
            channel.Writer.TryWrite(i);
            if (i % 50 == 0)
                await Task.Yield();
        }

        channel.Writer.Complete();
        await reading;

        Assert.InRange(batches.Count, 1, 9);
        Assert.Equal(Enumerable.Range(0, 500), batches.SelectMany(b => b));
    }

    [Fact]
    public async Task The_first_change_arrives_at_once_without_waiting_for_the_interval()
    {
        var channel = Channel.CreateUnbounded<int>();
        // Far shorter than the interval: waiting for it would cancel the read and fail the test.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await using var batches = channel.Reader
            .ReadBatchesAsync(TimeSpan.FromMinutes(1), TimeProvider.System, cts.Token).GetAsyncEnumerator(cts.Token);

        channel.Writer.TryWrite(7);

        Assert.True(await batches.MoveNextAsync());
        Assert.Equal([7], batches.Current);
    }

    [Fact]
    public void Merging_keeps_the_last_change_of_each_session_in_the_order_sessions_first_changed()
    {
        var a = Session("alpha");
        var b = Session("beta");
        var c = Session("gamma");
        var a2 = a with { Owner = "second@demo.test" };
        var b2 = b with { Owner = "second@demo.test" };

        var merged = SessionChange.Merge(
        [
            new(SessionChangeKind.Upsert, b),
            new(SessionChangeKind.Upsert, a),
            new(SessionChangeKind.Upsert, c),
            new(SessionChangeKind.Upsert, a2),
            new(SessionChangeKind.Upsert, b2),
            new(SessionChangeKind.Remove, c),
        ]);

        Assert.Equal([b2, a2, c], merged.Select(m => m.Session));
        Assert.Equal([SessionChangeKind.Upsert, SessionChangeKind.Upsert, SessionChangeKind.Remove], merged.Select(m => m.Kind));
    }

    [Fact]
    public void Merging_nothing_gives_nothing()
    {
        Assert.Empty(SessionChange.Merge([]));
    }

    private static SessionView Session(string name) => new()
    {
        Id = Guid.NewGuid(),
        Name = name,
        Kind = FormationKind.MachinePool,
        Owner = "first@demo.test",
    };
}
