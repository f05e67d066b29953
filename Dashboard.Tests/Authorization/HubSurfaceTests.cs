using System.Net;
using System.Text.Json.Serialization;
using Dashboard.Core.Actions;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Hubs;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Authorization;

/// <summary>The SignalR hub per role: what a connection may ask for, and what the server pushes to it.</summary>
public sealed class HubSurfaceTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly string Student = TestViewers.Student(1).Name;

    private readonly DashboardAppFactory _app = new(new Dictionary<string, string?> { ["Simulator:OperationSeconds"] = "0.5" });
    private readonly List<HubConnection> _connections = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
            await connection.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task An_anonymous_connection_is_refused_at_negotiate_with_401()
    {
        var connection = Connection(user: null);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task A_students_GetSessions_and_WatchAll_hold_only_their_own_machine()
    {
        var student = await ConnectAsync(Student, Roles.Student);

        var sessions = await student.Connection.InvokeAsync<IReadOnlyList<SessionView>>(nameof(SessionsHub.GetSessions));
        var watched = await student.Connection.InvokeAsync<IReadOnlyList<SessionView>>(nameof(SessionsHub.WatchAll));

        foreach (var list in new[] { sessions, watched })
        {
            var session = Assert.Single(list);
            Assert.Equal("python-workshop", session.Name);
            var machine = Assert.Single(session.Machines);
            Assert.Equal(("python-workshop-01", Student), (machine.Name, machine.AssignedUser));
        }
    }

    [Fact]
    public async Task A_student_watching_a_session_without_their_machine_gets_a_HubException()
    {
        var student = await ConnectAsync(Student, Roles.Student);

        var refused = await Assert.ThrowsAsync<HubException>(() =>
            student.Connection.InvokeAsync<SessionView>(nameof(SessionsHub.Watch), "spark-analytics"));

        Assert.Contains("no session named spark-analytics that you may see", refused.Message, StringComparison.Ordinal);
        Assert.Single((await student.Connection.InvokeAsync<SessionView>(nameof(SessionsHub.Watch), "python-workshop")).Machines);
    }

    [Fact]
    public async Task A_student_watching_all_is_sent_only_their_own_machine_while_ops_are_sent_everything()
    {
        var student = await ConnectAsync(Student, Roles.Student);
        var ops = await ConnectAsync(TestViewers.Ops.Name, Roles.Ops);
        await student.Connection.InvokeAsync<IReadOnlyList<SessionView>>(nameof(SessionsHub.WatchAll));
        await ops.Connection.InvokeAsync<IReadOnlyList<SessionView>>(nameof(SessionsHub.WatchAll));

        // Others' machines change first, then the student's own: once that arrives, everything before it was sent too.
        await StopAsync("python-workshop", "python-workshop-02");
        await StopAsync("spark-analytics", "spark-analytics-worker-01");
        await StopAsync("python-workshop", "python-workshop-01");

        await Eventually.TrueAsync(() => student.Saw("python-workshop-01", MachineState.Deallocated), "the student saw their machine stop", Patience);
        await Eventually.TrueAsync(() => ops.Saw("python-workshop-01", MachineState.Deallocated), "ops saw the last stop", Patience);
        Assert.All(student.Snapshot(), s =>
        {
            Assert.Equal("python-workshop", s.Name);
            Assert.All(s.Machines, m => Assert.Equal(Student, m.AssignedUser));
            Assert.Equal(["python-workshop-01"], s.Machines.Select(m => m.Name));
        });
        Assert.True(ops.Saw("python-workshop-02", MachineState.Deallocated), "ops see every pool machine");
        Assert.True(ops.Saw("spark-analytics-worker-01", MachineState.Deallocated), "ops see the spark worker");
        Assert.Contains(ops.Snapshot(), s => s.Name == "python-workshop" && s.Machines.Length == 12);
        Assert.Contains(ops.Snapshot(), s => s.Name == "spark-analytics" && s.Machines.Length == 8);
    }

    private async Task StopAsync(string session, string machine)
    {
        var monitor = _app.Services.GetRequiredService<SessionMonitor>();
        var id = monitor.FindSession(session)!.Machines.Single(m => m.Name == machine).Id;
        var result = await _app.Services.GetRequiredService<MachineCommands>().RunAsync(id, MachineAction.Stop, TestViewers.Admin);
        Assert.True(result.Succeeded, result.Message);
    }

    private async Task<RecordingHubClient> ConnectAsync(string user, string role)
    {
        var client = new RecordingHubClient(Connection(user, role));
        await client.Connection.StartAsync();
        return client;
    }

    /// <summary>A connection over TestServer's WebSockets, as <paramref name="user"/> (anonymous when null).</summary>
    private HubConnection Connection(string? user, params string[] roles)
    {
        var connection = TestHubConnections.Build(_app.Server, user, roles);
        _connections.Add(connection);
        return connection;
    }
}
