using System.Diagnostics;
using Dashboard.Core.Domain;
using Dashboard.Hubs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dashboard.Benchmarks;

/// <summary>
/// Bursts of 500 machine changes on the 500-machine session while 20 pages show it expanded and 200 hub clients
/// watch it: renders per page, change-to-receipt latency on the hub, server CPU per watcher, and what one hub client
/// that stops reading does to the others.
/// </summary>
public static class FanoutScenario
{
    public const int Pages = 20;
    public const int HubClients = 200;
    private const string Session = PagesScenario.BigSession;

    // At least this long from each burst's start, so bursts compare over the same stretch of time.
    private static readonly TimeSpan CpuWindow = TimeSpan.FromSeconds(20);
    // A burst nobody has seen the end of by then is reported as not settled.
    private static readonly TimeSpan BurstLimit = TimeSpan.FromMinutes(2);
    // Loopback and server buffers take megabytes before a stalled reader can hold anyone up: keep it through several
    // bursts (about 1 MB each to it), stopping early once the others feel it.
    private const int StalledBursts = 4;
    private static readonly TimeSpan StalledBurstLimit = TimeSpan.FromSeconds(45);
    // SignalR's default client timeout is 30 s (checked once a second): then ask whether the server gave up on it.
    private static readonly TimeSpan DropGrace = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan PageOpeningBudget = TimeSpan.FromMinutes(4);

    public static async Task RunAsync()
    {
        Show.Progress($"fanout: starting the dashboard and creating {PagesScenario.BigMachines} machines");
        // Every operation of a batch starts at once, as a batch paced only by generous cloud limits would: a real burst.
        await using var app = new BenchmarkApp();
        var url = app.StartOnKestrel();
        var session = await app.CreatePoolAsync(Session, PagesScenario.BigMachines, TimeSpan.FromMinutes(3));
        var bursts = new BatchBursts(app, session.Id, Session);
        var results = new FanoutReport.Results();
        try
        {
            await RunBurstsAsync(app, url, bursts, results);
        }
        finally
        {
            FanoutReport.Print(results);
        }
    }

    // Hub clients alone first (the stalled client too), then the pages join: on this branch a burst with the pages
    // open may not settle, and the hub's own figures should not depend on that.
    private static async Task RunBurstsAsync(BenchmarkApp app, Uri url, BatchBursts bursts, FanoutReport.Results results)
    {
        Show.Progress("fanout: Stop All, nobody watching");
        results.StopUnwatched = await bursts.RunAsync(BatchAction.StopAll, [], null, CpuWindow, BurstLimit);
        Show.Progress("fanout: Start All, nobody watching");
        results.StartUnwatched = await bursts.RunAsync(BatchAction.StartAll, [], null, CpuWindow, BurstLimit);
        if (!await SettledAsync(bursts, results.StartUnwatched))
            return;

        await using var browser = await BenchmarkBrowser.LaunchAsync();
        var context = await browser.SignInAsync(url);
        var cookie = await BenchmarkBrowser.CookieHeaderAsync(context);
        // The same bursts with clients that ask for deltas, first, while no other fleet shares the machine.
        await using (var deltaFleet = await HubFleetProcess.StartAsync(url, HubClients, Session, cookie, deltas: true))
        {
            Show.Progress($"fanout: Stop All, {HubClients} hub clients watching with deltas");
            results.StopHubDeltas = await bursts.RunAsync(BatchAction.StopAll, [], deltaFleet, CpuWindow, BurstLimit);
            if (!await SettledAsync(bursts, results.StopHubDeltas))
                return;
            Show.Progress($"fanout: Start All, {HubClients} hub clients watching with deltas");
            results.StartHubDeltas = await bursts.RunAsync(BatchAction.StartAll, [], deltaFleet, CpuWindow, BurstLimit);
            if (!await SettledAsync(bursts, results.StartHubDeltas))
                return;
        }

        Show.Progress($"fanout: connecting {HubClients} hub clients");
        // A fresh sign-in: once the cookie is older than Accounts:RecheckSeconds the server renews it, and the fleet's
        // clients (plain HTTP to loopback) cannot send the renewed Secure cookie back on the WebSocket.
        context = await browser.SignInAsync(url);
        cookie = await BenchmarkBrowser.CookieHeaderAsync(context);
        await using var fleet = await HubFleetProcess.StartAsync(url, HubClients, Session, cookie);
        Show.Progress($"fanout: Stop All, {HubClients} hub clients watching");
        results.StopHub = await bursts.RunAsync(BatchAction.StopAll, [], fleet, CpuWindow, BurstLimit);
        if (!await SettledAsync(bursts, results.StopHub))
            return;
        Show.Progress($"fanout: Start All, {HubClients} hub clients watching");
        results.StartHub = await bursts.RunAsync(BatchAction.StartAll, [], fleet, CpuWindow, BurstLimit);
        if (!await SettledAsync(bursts, results.StartHub))
            return;

        var next = await StalledBurstsAsync(app, url, cookie, bursts, fleet, results);
        if (next is null)
            return;

        var pages = await OpenWatchingPagesAsync(context);
        results.Pages = pages.Count;
        Show.Progress($"fanout: {next}, {pages.Count} pages and {HubClients} hub clients watching");
        results.Everyone = await bursts.RunAsync(next.Value, pages, fleet, CpuWindow, BurstLimit);
        await bursts.WaitForIdleAsync(BurstLimit);
    }

    /// <summary>Bursts while one more hub client reads nothing; returns the batch that comes next, or null to stop.</summary>
    private static async Task<BatchAction?> StalledBurstsAsync(BenchmarkApp app, Uri url, string cookie, BatchBursts bursts,
        HubFleetProcess fleet, FanoutReport.Results results)
    {
        var watchers = app.Services.GetRequiredService<HubWatchers>();
        using var stalled = await StalledHubClient.ConnectAsync(url, cookie, CancellationToken.None);
        await Wait.UntilAsync(() => watchers.All.Count() == HubClients + 1, "the stalled client is registered", TimeSpan.FromSeconds(30));
        using var dropWatch = new DropWatch(watchers, HubClients + 1);
        var batch = BatchAction.StopAll;
        for (var i = 1; i <= StalledBursts; i++)
        {
            Show.Progress($"fanout: {batch}, {HubClients} hub clients and one stalled hub client ({i} of {StalledBursts})");
            var burst = await bursts.RunAsync(batch, [], fleet, TimeSpan.Zero, StalledBurstLimit);
            results.Stalled.Add(burst);
            if (!await SettledAsync(bursts, burst))
                return null;
            batch = batch == BatchAction.StopAll ? BatchAction.StartAll : BatchAction.StopAll;
            if (burst.Hub is { } hub && hub.ReachedTarget < hub.Clients)
                break;
        }

        var quiet = DateTimeOffset.UtcNow - stalled.LastSentAt;
        if (quiet < DropGrace)
            await Task.Delay(DropGrace - quiet);
        results.StalledDroppedAfter = dropWatch.DroppedAt - stalled.LastSentAt;
        results.StalledQuietFor = DateTimeOffset.UtcNow - stalled.LastSentAt;
        (results.StalledSocketClosed, results.StalledBytesWaiting) = await stalled.DrainAsync(TimeSpan.FromSeconds(10));
        return batch;
    }

    /// <summary>
    /// True when the next burst can start: the monitor settled, or the batch finished later (bounded wait); a later
    /// burst must not overlap this one.
    /// </summary>
    private static async Task<bool> SettledAsync(BatchBursts bursts, BurstFigures burst)
    {
        if (burst.ServerDone is not null)
            return true;
        Show.Progress($"fanout: {burst.Batch} did not settle within {Show.Seconds(BurstLimit)}; waiting for it to finish");
        if (await bursts.WaitForIdleAsync(BurstLimit))
            return true;
        Show.Progress("fanout: it did not finish; stopping here");
        return false;
    }

    /// <summary>Pages of `/` with the big session expanded and their render counters on.</summary>
    private static Task<IReadOnlyList<IPage>> OpenWatchingPagesAsync(IBrowserContext context)
    {
        Show.Progress($"fanout: opening {Pages} pages with {Session} expanded");
        return PageGroup.OpenAsync(context, Pages, [Session], PageOpeningBudget, page => PageProbe.StartCountingRendersAsync(page, Session));
    }

    /// <summary>Notices when the hub's connection count first drops below what it was.</summary>
    private sealed class DropWatch : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();

        public DropWatch(HubWatchers watchers, int count) => _ = WatchAsync(watchers, count, _stop.Token);

        public DateTimeOffset? DroppedAt { get; private set; }

        private async Task WatchAsync(HubWatchers watchers, int count, CancellationToken cancellationToken)
        {
            var limit = Stopwatch.StartNew();
            while (!cancellationToken.IsCancellationRequested && limit.Elapsed < TimeSpan.FromMinutes(5))
            {
                if (watchers.All.Count() < count)
                {
                    DroppedAt = DateTimeOffset.UtcNow;
                    return;
                }

                await Task.Delay(100, CancellationToken.None);
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _stop.Dispose();
        }
    }
}
