using System.Text.Json;
using Dashboard.Client;
using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Core.Setup;
using Dashboard.Hubs;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Api;

/// <summary>
/// Deltas on the hub: a connection that asks for them hears only the machines that changed (with the session's
/// header), cut to what the person may see; the typed client rebuilds whole pictures from them.
/// </summary>
public sealed class HubDeltaTests : IAsyncLifetime
{
    private readonly ApiApp _app = new();
    private readonly List<IAsyncDisposable> _clients = [];

    private Dashboard.Core.Actions.MachineCommands Commands => _app.Services.GetRequiredService<Dashboard.Core.Actions.MachineCommands>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
            await client.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task One_machine_stopping_travels_as_that_machine_with_the_sessions_header()
    {
        var raw = await RawAsync("admin@demo.test", Roles.Admin);
        var deltas = Collect(raw);
        var all = await raw.InvokeAsync<JsonElement>(nameof(SessionsHub.WatchAllDeltas));
        Assert.Equal(4, all.GetArrayLength());
        var machine = _app.MachineOf(DemoData.Student(3));

        Assert.True((await Commands.RunAsync(machine.Id, MachineAction.Stop, TestViewers.Instructor)).Succeeded);

        await Eventually.TrueAsync(() => Received(deltas).Any(d => MachinesOf(d).Any(m => m.Name == machine.Name && m.State == "Deallocated")),
            "the stop arrives as a delta");
        foreach (var delta in Received(deltas).Where(d => d.GetProperty("session").GetProperty("name").GetString() == "python-workshop"))
        {
            Assert.Equal([machine.Name], MachinesOf(delta).Select(m => m.Name).Distinct());
            Assert.Equal(12, delta.GetProperty("session").GetProperty("machineCount").GetInt32());
            Assert.False(delta.GetProperty("session").TryGetProperty("machines", out _));
        }

        Assert.Contains(Received(deltas), d => d.GetProperty("session").GetProperty("counts")[0].GetProperty("running").GetInt32() == 11);
    }

    [Fact]
    public async Task A_students_deltas_carry_only_their_machine_and_never_anothers()
    {
        var raw = await RawAsync(DemoData.Student(4), Roles.Student);
        var deltas = Collect(raw);
        await raw.InvokeAsync<JsonElement>(nameof(SessionsHub.WatchAllDeltas));
        var mine = _app.MachineOf(DemoData.Student(4));
        var theirs = _app.MachineOf(DemoData.Student(5));

        Assert.True((await Commands.RunAsync(theirs.Id, MachineAction.Stop, TestViewers.Instructor)).Succeeded);
        Assert.True((await Commands.RunAsync(mine.Id, MachineAction.Stop, TestViewers.Instructor)).Succeeded);

        await Eventually.TrueAsync(() => Received(deltas).Any(d => MachinesOf(d).Any(m => m.Name == mine.Name && m.State == "Deallocated")),
            "the student's own stop arrives");
        Assert.All(Received(deltas), d =>
        {
            Assert.All(MachinesOf(d), m => Assert.Equal(mine.Name, m.Name));
            Assert.Empty(d.GetProperty("removedMachineIds").EnumerateArray());
            Assert.Equal(1, d.GetProperty("session").GetProperty("machineCount").GetInt32());
        });
    }

    [Fact]
    public async Task The_typed_client_rebuilds_whole_sessions_from_deltas_that_match_the_servers_picture()
    {
        var client = TypedHubClients.WithToken(_app.Factory.Server, await _app.TokenForAsync(DemoData.Instructor));
        _clients.Add(client);
        var latest = new Dictionary<string, SessionDto>();
        var deltaCount = 0;
        client.SessionDelta += _ => Interlocked.Increment(ref deltaCount);
        client.SessionChanged += s =>
        {
            lock (latest)
                latest[s.Name] = s;
        };
        await client.StartAsync();
        await client.WatchDeltasAsync("python-workshop");

        var stopped = await Commands.RunBatchAsync(_app.Monitor.FindSession("python-workshop")!.Id, BatchAction.StopAll, TestViewers.Instructor);
        Assert.Empty(stopped.Failed);

        await Eventually.TrueAsync(() =>
        {
            lock (latest)
            {
                var server = _app.Monitor.FindSession("python-workshop")!;
                return latest.TryGetValue("python-workshop", out var seen)
                    && server.Machines.All(m => m is { State: MachineState.Deallocated, Operation: null })
                    && seen.Machines.Select(m => (m.Id, m.State, m.Operation is null)).SequenceEqual(
                        server.Machines.Select(m => (m.Id, m.State.ToString(), true)));
            }
        }, "the client's picture of the pool is the server's: twelve machines, all deallocated");
        Assert.True(deltaCount > 0);
        lock (latest)
            Assert.Equal(12, latest["python-workshop"].MachineCount);
    }

    [Fact]
    public async Task A_delta_the_client_has_not_read_yet_is_merged_with_the_next_one()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var session = _app.Monitor.FindSession("python-workshop")!;
        var (a, b, c) = (session.Machines[0], session.Machines[1], session.Machines[2]);
        var header = SessionHeader.Of(session);
        var earlier = new SessionDelta(header, [a, b with { State = MachineState.Stopping }], [c.Id], options);
        var later = new SessionDelta(header with { EvictedCount = 3 }, [b with { State = MachineState.Deallocated }, c], [a.Id], options);

        var merged = SessionDelta.Merge(earlier, later);

        Assert.Equal(3, merged.Session.EvictedCount);
        Assert.Equal([(b.Id, MachineState.Deallocated), (c.Id, c.State)], merged.Machines.Select(m => (m.Id, m.State)).OrderBy(m => m.Id == b.Id ? 0 : 1));
        Assert.Equal([a.Id], merged.RemovedMachineIds.ToArray());
    }

    private async Task<HubConnection> RawAsync(string user, string role)
    {
        var connection = TestHubConnections.Build(_app.Factory.Server, user, role);
        _clients.Add(connection);
        await connection.StartAsync();
        return connection;
    }

    private static List<JsonElement> Collect(HubConnection connection)
    {
        var deltas = new List<JsonElement>();
        connection.On<JsonElement>("SessionDelta", d =>
        {
            lock (deltas)
                deltas.Add(d.Clone());
        });
        return deltas;
    }

    private static List<JsonElement> Received(List<JsonElement> deltas)
    {
        lock (deltas)
            return [.. deltas];
    }

    private static IEnumerable<(string Name, string State)> MachinesOf(JsonElement delta) =>
        delta.GetProperty("machines").EnumerateArray().Select(m => (m.GetProperty("name").GetString()!, m.GetProperty("state").GetString()!));
}
