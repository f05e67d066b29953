using System.Diagnostics;
using Dashboard.Core.Actions;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Core.Persistence;
using Dashboard.Core.Sessions;
using Dashboard.Hubs;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Dashboard.Tests.Web;

/// <summary>
/// Hub clients that stop reading, over a real socket: they delay nobody else, fall back to the latest state of each
/// session, and are disconnected once too far behind. A 200-machine session (~80 KB a message) changing for seconds
/// while it is created is what fills their buffers.
/// </summary>
public sealed class SlowHubClientTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string BigSession = "big-pool";
    private const string StalledUser = "stalled-tool@demo.test";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly List<HubConnection> _connections = [];
    private readonly List<RawHubClient> _rawClients = [];
    private DashboardAppFactory? _app;

    private DashboardAppFactory App => _app ?? throw new InvalidOperationException("Start the app first.");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
            await connection.DisposeAsync();
        foreach (var client in _rawClients)
            client.Dispose();
        if (_app is not null)
            await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_client_that_stops_reading_does_not_delay_what_a_reading_client_receives()
    {
        var hub = Start(stalledSendSeconds: 120);
        var reader = await ConnectReaderAsync(hub);
        await ConnectStalledAsync(hub);
        await CreateBigSessionAsync();

        var stalled = await StuckFeedAsync();
        var stuckFor = stalled.SendOutstandingFor!.Value;
        var watch = Stopwatch.StartNew();
        await StopAsync("desktop-lab", "desktop-lab-target");
        await Eventually.TrueAsync(() => reader.Saw("desktop-lab-target", MachineState.Deallocated), "the reading client saw the stop", Patience);
        var elapsed = watch.Elapsed;

        // A send that has waited longer than the whole exchange began before it: the stalled client was stuck throughout.
        var stillStuckFor = stalled.SendOutstandingFor;
        Assert.True(stillStuckFor >= stuckFor + elapsed,
            $"The stalled send had waited {stuckFor.TotalSeconds:0.0} s, then {stillStuckFor?.TotalSeconds:0.0} s after {elapsed.TotalSeconds:0.0} s.");
        output.WriteLine($"Reading client got the stop {elapsed.TotalSeconds:0.00} s after it was asked, while the stalled send waited.");
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_disconnected_once_a_send_waits_past_the_limit()
    {
        var hub = Start(stalledSendSeconds: 2);
        var reader = await ConnectReaderAsync(hub);
        var stalledClient = await ConnectStalledAsync(hub);
        await CreateBigSessionAsync();

        await Eventually.TrueAsync(() => StalledWatcher() is null, "the stalled connection is disconnected and its feed gone", Patience);
        using (var timeout = new CancellationTokenSource(Patience))
            await stalledClient.ReadToEndAsync(timeout.Token);

        Assert.Equal(HubConnectionState.Connected, reader.Connection.State);
        await StopAsync("desktop-lab", "desktop-lab-target");
        await Eventually.TrueAsync(() => reader.Saw("desktop-lab-target", MachineState.Deallocated), "the reading client still receives", Patience);
    }

    [Fact]
    public async Task A_client_with_more_sessions_waiting_than_the_limit_is_disconnected()
    {
        var hub = Start(stalledSendSeconds: 120, maxPendingSessions: 1);
        var reader = await ConnectReaderAsync(hub, watch: "desktop-lab");
        await ConnectStalledAsync(hub);
        await CreateBigSessionAsync();
        await StuckFeedAsync();

        // The big session waits in the stalled outbox; a second session is one too many.
        await StopAsync("desktop-lab", "desktop-lab-target");

        await Eventually.TrueAsync(() => StalledWatcher() is null, "the lagging connection is disconnected", Patience);
        await Eventually.TrueAsync(() => reader.Saw("desktop-lab-target", MachineState.Deallocated), "the reading client saw the stop", Patience);
        Assert.Equal(HubConnectionState.Connected, reader.Connection.State);
    }

    [Fact]
    public async Task A_client_that_falls_behind_receives_the_latest_state_of_a_session_not_every_change()
    {
        var hub = Start(stalledSendSeconds: 120);
        var reader = await ConnectReaderAsync(hub);
        var lagging = await ConnectStalledAsync(hub);
        await CreateBigSessionAsync();
        await Eventually.TrueAsync(() => reader.Snapshot().Any(AllRunning), "the reading client saw every machine running", Patience);

        using var timeout = new CancellationTokenSource(Patience);
        var caughtUp = await lagging.ReadSessionChangesUntilAsync(AllRunning, timeout.Token);

        var readerCount = reader.Snapshot().Count(s => s.Name == BigSession);
        var laggingCount = caughtUp.Count(s => s.Name == BigSession);
        output.WriteLine($"Messages about {BigSession}: reading client {readerCount}, lagging client {laggingCount}.");
        Assert.True(laggingCount * 2 < readerCount,
            $"The lagging client got {laggingCount} messages about {BigSession}, the reading client {readerCount}: it was sent a backlog.");
        Assert.Equal(App.Services.GetRequiredService<SessionMonitor>().FindSession(BigSession)!.Machines.ToArray(), caughtUp[^1].Machines.ToArray());
    }

    private Uri Start(double stalledSendSeconds, int maxPendingSessions = 500)
    {
        _app = new DashboardAppFactory(new Dictionary<string, string?>
        {
            ["Simulator:OperationSeconds"] = "0.5",
            ["Hub:StalledSendSeconds"] = stalledSendSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Hub:MaxPendingSessions"] = maxPendingSessions.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        return KestrelHub.Start(_app);
    }

    private async Task<RecordingHubClient> ConnectReaderAsync(Uri hub, string? watch = null)
    {
        var connection = KestrelHub.Connection(hub, TestViewers.Admin.Name, Roles.Admin);
        _connections.Add(connection);
        var client = new RecordingHubClient(connection);
        await connection.StartAsync();
        if (watch is null)
            await connection.InvokeAsync<IReadOnlyList<SessionView>>(nameof(SessionsHub.WatchAll));
        else
            await connection.InvokeAsync<SessionView>(nameof(SessionsHub.Watch), watch);
        return client;
    }

    /// <summary>An admin tool that watches everything and then reads nothing.</summary>
    private async Task<RawHubClient> ConnectStalledAsync(Uri hub)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var client = await RawHubClient.ConnectAsync(hub, StalledUser, Roles.Admin, timeout.Token);
        _rawClients.Add(client);
        await client.InvokeAsync(nameof(SessionsHub.WatchAll), timeout.Token);
        await Eventually.TrueAsync(() => StalledWatcher()?.WatchesAll == true, "the stalled client watches all", Patience);
        return client;
    }

    private HubWatcher? StalledWatcher() =>
        App.Services.GetRequiredService<HubWatchers>().All.SingleOrDefault(w => w.Viewer.IsNamed(StalledUser));

    /// <summary>Waits until the stalled client's pump has had one send outstanding for a second, far longer than loopback needs.</summary>
    private async Task<HubFeed> StuckFeedAsync()
    {
        await Eventually.TrueAsync(() => StalledWatcher()?.Feed.SendOutstandingFor >= TimeSpan.FromSeconds(1), "a send to the stalled client is stuck", Patience);
        return StalledWatcher()!.Feed;
    }

    private async Task CreateBigSessionAsync()
    {
        var pool = (await App.Services.GetRequiredService<SessionStore>().GetFormationsAsync(CancellationToken.None))
            .Single(f => f.Kind == FormationKind.MachinePool);
        var created = await App.Services.GetRequiredService<SessionProvisioner>().CreateAsync(
            new CreateSessionRequest { FormationId = pool.Id, Name = BigSession, Count = 200, Size = pool.Size },
            TestViewers.Admin, CancellationToken.None);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Message)));
    }

    private async Task StopAsync(string session, string machine)
    {
        var id = App.Services.GetRequiredService<SessionMonitor>().FindSession(session)!.Machines.Single(m => m.Name == machine).Id;
        var result = await App.Services.GetRequiredService<MachineCommands>().RunAsync(id, MachineAction.Stop, TestViewers.Admin);
        Assert.True(result.Succeeded, result.Message);
    }

    private static bool AllRunning(SessionView session) =>
        session.Name == BigSession && session.Machines.Length == 200 && session.Machines.All(m => m.State == MachineState.Running);
}
