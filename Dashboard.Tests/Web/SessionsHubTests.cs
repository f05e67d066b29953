using Dashboard.Core.People;
using System.Net.WebSockets;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Dashboard.Client;
using Dashboard.Core.Actions;
using Dashboard.Core.Api;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Hubs;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Web;

/// <summary>The SignalR hub for external tools, reached in process over TestServer's WebSockets.</summary>
public sealed class SessionsHubTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    // Operations take 2 s, as in the browser tests: "stopping" lasts long enough to reach the client even on a busy machine.
    private readonly DashboardAppFactory _app = new();
    private readonly List<HubConnection> _connections = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
            await connection.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task GetSessions_returns_the_four_demo_sessions()
    {
        await using var client = await TypedClientAsync(_app);

        var sessions = await client.GetSessionsAsync();

        Assert.Equal(["python-workshop", "desktop-lab", "spark-analytics", "genomics-hpc"], sessions.Select(s => s.Name));
        Assert.Equal(["MachinePool", "VirtualLab", "BigDataCluster", "HpcCluster"], sessions.Select(s => s.Kind));
        Assert.Equal([12, 2, 8, 9], sessions.Select(s => s.Machines.Count));
        Assert.All(sessions.SelectMany(s => s.Machines), m => Assert.Equal("Running", m.State));
    }

    [Fact]
    public async Task Every_client_hears_when_the_cloud_cannot_be_reached()
    {
        // Polled once a minute, so no healthy listing follows the failure this test reports.
        await using var app = new DashboardAppFactory(new Dictionary<string, string?> { ["Cloud:PollSeconds"] = "60" });
        await using var client = await TypedClientAsync(app);
        var heard = new TaskCompletionSource<CloudHealthDto>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.CloudHealthChanged += h => heard.TrySetResult(h);
        Assert.False((await client.GetCloudHealthAsync()).IsStale);

        app.Services.GetRequiredService<SessionMonitor>()
            .ReportHealth(new CloudHealth(DateTimeOffset.UtcNow, "The cloud cannot be reached.", DateTimeOffset.UtcNow));

        var health = await heard.Task.WaitAsync(Timeout);
        Assert.True(health.IsStale);
        Assert.Equal("The cloud cannot be reached.", health.Error);
    }

    [Fact]
    public async Task A_watcher_gets_the_current_session_then_every_change_of_a_stopped_worker()
    {
        var client = await ConnectAsync();

        var current = await client.Connection.InvokeAsync<SessionView?>(nameof(SessionsHub.Watch), "spark-analytics");

        Assert.NotNull(current);
        Assert.Equal("spark-analytics", current.Name);
        var worker = current.Machines.Single(m => m.Name == "spark-analytics-worker-01");
        Assert.Equal(MachineState.Running, worker.State);
        Assert.False(worker.IsSpot);

        var result = await StopAsync(worker.Id);
        Assert.True(result.Succeeded, result.Message);

        var seen = await client.ReadStatesUntilAsync("spark-analytics", worker.Id, MachineState.Deallocated);
        Assert.Equal(MachineState.Stopping, seen[0]);
        Assert.Equal(MachineState.Deallocated, seen[^1]);
        Assert.DoesNotContain(MachineState.Running, seen);
        Assert.All(client.Received, s => Assert.Equal("spark-analytics", s.Name));
    }

    [Fact]
    public async Task A_client_watching_another_session_receives_none_of_spark_analytics_changes()
    {
        var spark = await ConnectAsync();
        var desktop = await ConnectAsync();
        await spark.Connection.InvokeAsync<SessionView?>(nameof(SessionsHub.Watch), "spark-analytics");
        var lab = await desktop.Connection.InvokeAsync<SessionView?>(nameof(SessionsHub.Watch), "desktop-lab");
        Assert.NotNull(lab);

        var worker = Machine("spark-analytics", "spark-analytics-worker-01");
        Assert.True((await StopAsync(worker.Id)).Succeeded);
        await spark.ReadStatesUntilAsync("spark-analytics", worker.Id, MachineState.Deallocated);

        // A change of its own session, sent after every spark-analytics change, marks the end of what it could have got.
        var target = Machine("desktop-lab", "desktop-lab-target");
        Assert.True((await StopAsync(target.Id)).Succeeded);
        await desktop.ReadStatesUntilAsync("desktop-lab", target.Id, MachineState.Deallocated);

        Assert.NotEmpty(desktop.Received);
        Assert.All(desktop.Received, s => Assert.Equal("desktop-lab", s.Name));
    }

    private MachineView Machine(string session, string name) =>
        _app.Services.GetRequiredService<SessionMonitor>().FindSession(session)!.Machines.Single(m => m.Name == name);

    private Task<ActionResult> StopAsync(Guid machineId) =>
        _app.Services.GetRequiredService<MachineCommands>().RunAsync(machineId, MachineAction.Stop, TestViewers.Admin);

    /// <summary>The typed client of Dashboard.Client, signed in with an admin's personal access token.</summary>
    private static async Task<SessionsHubClient> TypedClientAsync(DashboardAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var admin = await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<DashboardUser>>().FindByNameAsync("admin@demo.test");
        var token = await app.Services.GetRequiredService<AccessTokens>().CreateAsync(admin!.Id, "hub tests", [ApiScopes.Read], DateTimeOffset.UtcNow.AddDays(1));
        var client = TypedHubClients.WithToken(app.Server, token.Secret);
        await client.StartAsync();
        return client;
    }

    private async Task<HubClient> ConnectAsync()
    {
        var connection = TestHubConnections.Build(_app.Server, TestViewers.Admin.Name, Roles.Admin);
        _connections.Add(connection);
        var client = new HubClient(connection);
        await connection.StartAsync();
        return client;
    }

    /// <summary>A hub connection that keeps every SessionChanged it receives, in order.</summary>
    private sealed class HubClient
    {
        private readonly Channel<SessionView> _changes = Channel.CreateUnbounded<SessionView>();

        public HubClient(HubConnection connection)
        {
            Connection = connection;
            connection.On<SessionView>("SessionChanged", session =>
            {
                lock (Received)
                    Received.Add(session);
                _changes.Writer.TryWrite(session);
            });
        }

        public HubConnection Connection { get; }

        public List<SessionView> Received { get; } = [];

        /// <summary>The distinct states one machine showed in the messages about its session, up to <paramref name="last"/>.</summary>
        public async Task<List<MachineState>> ReadStatesUntilAsync(string session, Guid machineId, MachineState last)
        {
            using var timeout = new CancellationTokenSource(Timeout);
            var seen = new List<MachineState>();
            try
            {
                while (seen.LastOrDefault(MachineState.Unknown) != last)
                {
                    var change = await _changes.Reader.ReadAsync(timeout.Token);
                    if (change.Name != session)
                        continue;
                    var state = change.Machines.Single(m => m.Id == machineId).State;
                    if (seen.Count == 0 || seen[^1] != state)
                        seen.Add(state);
                }
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No SessionChanged showed the machine {last} within {Timeout.TotalSeconds:0}s; saw {string.Join(", ", seen)}.");
            }

            return seen;
        }
    }
}
