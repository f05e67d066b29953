namespace Dashboard.Benchmarks;

/// <summary>The fan-out scenario's tables; a burst that never ran (an earlier one did not finish) reads "not run".</summary>
public static class FanoutReport
{
    private const int TargetRendersPerSecond = 5;
    private const double TargetP95Ms = 1000;

    public sealed class Results
    {
        public int Pages { get; set; }
        public BurstFigures? StopUnwatched { get; set; }
        public BurstFigures? StartUnwatched { get; set; }
        public BurstFigures? StopHub { get; set; }
        public BurstFigures? StartHub { get; set; }
        public BurstFigures? StopHubDeltas { get; set; }
        public BurstFigures? StartHubDeltas { get; set; }
        public List<BurstFigures> Stalled { get; } = [];
        public BurstFigures? Everyone { get; set; }
        public TimeSpan? StalledDroppedAfter { get; set; }
        public TimeSpan StalledQuietFor { get; set; }
        public bool StalledSocketClosed { get; set; }
        public long StalledBytesWaiting { get; set; }
    }

    public static void Print(Results r)
    {
        var clients = FanoutScenario.HubClients;
        var hubOnly = $"{clients} hub clients";
        var everyone = $"{r.Pages} pages + {clients} hub clients";
        Console.WriteLine($"### Fan-out: bursts of {PagesScenario.BigMachines} machine changes watched by {FanoutScenario.Pages} pages and {clients} hub clients");
        Console.WriteLine();
        Console.WriteLine($"Each burst is Stop All or Start All of the {PagesScenario.BigMachines}-machine session through MachineCommands.RunBatchAsync (the command path: rules, audit, transitional and final states) with request limits (Cloud:Limits) far above 500, so all operations start at once and each machine makes 2–3 state changes within about 1 s (Simulator:OperationSeconds=1); Stop All and Start All make the same number of changes. \"Settled\" is when the monitor, then every page, showed every machine in its final state (limit {Show.Seconds(TimeSpan.FromMinutes(2))}); renders are MutationObserver callbacks on the session's card, one per applied render batch.");
        Console.WriteLine();
        Console.WriteLine("| burst | watching | monitor settled | pages settled | renders per page (median) | most renders in 1 s, median page | most renders in 1 s, worst page | target |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        BurstRow("nobody", r.StopUnwatched);
        BurstRow("nobody", r.StartUnwatched);
        BurstRow(hubOnly + " (deltas)", r.StopHubDeltas);
        BurstRow(hubOnly + " (deltas)", r.StartHubDeltas);
        BurstRow(hubOnly, r.StopHub);
        BurstRow(hubOnly, r.StartHub);
        foreach (var burst in r.Stalled)
            BurstRow(hubOnly + " + 1 stalled", burst);
        BurstRow(everyone, r.Everyone);
        if (r.Everyone is { Settled: false } last)
            Console.WriteLine($"\nWith the pages open, at the end of the limit the monitor showed {last.MonitorFinalAtEnd}/{PagesScenario.BigMachines} machines final and the slowest page {last.FewestPageRowsFinalAtEnd} rows.");

        Console.WriteLine();
        Console.WriteLine($"Hub change-to-receipt latency: the client's receipt time minus the changed machine's stateSince in the received SessionChanged, for every machine change each client saw (in SessionChanged, or in SessionDelta for the clients that asked for deltas; {clients} clients in a process of their own, half WatchAll(), half Watch(name), signed in with the admin's cookie from the login form).");
        Console.WriteLine();
        Console.WriteLine("| hub clients | burst | changes timed | p50 | p95 | max | clients that saw every machine final | the last one after | target p95 |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        HubRow($"{clients} with deltas, none stalled", r.StopHubDeltas);
        HubRow($"{clients} with deltas, none stalled", r.StartHubDeltas);
        HubRow($"{clients}, none stalled", r.StopHub);
        HubRow($"{clients}, none stalled", r.StartHub);
        for (var i = 0; i < r.Stalled.Count; i++)
            HubRow($"{clients} + 1 stalled, burst {i + 1}", r.Stalled[i]);
        HubRow($"{clients}, with {r.Pages} pages open", r.Everyone);
        Console.WriteLine();
        if (r.Stalled.Count > 0)
        {
            var dropped = r.StalledDroppedAfter is { } after
                ? $"yes, {Show.Seconds(after)} after its last message (the hub's connection count fell by one)"
                : $"no (the hub still counted it {Show.Seconds(r.StalledQuietFor)} after its last message)";
            Console.WriteLine($"Stalled client (raw WebSocket with a 4 KB receive buffer: JSON handshake, WatchAll, then neither reads nor sends, through {r.Stalled.Count} bursts): dropped by the server: {dropped}; socket closed when finally read: {Show.YesNo(r.StalledSocketClosed)} ({Show.Mb(r.StalledBytesWaiting)} had been waiting for it); fleet clients that lost their connection: {r.Stalled[^1].Hub?.Closed}.");
            Console.WriteLine();
        }

        Console.WriteLine($"Server CPU: this process's TotalProcessorTime from the batch's start over at least {Show.Seconds(TimeSpan.FromSeconds(20))}, or until everyone settled or the limit (the dashboard runs in this process; the hub clients and Chromium do not). The unwatched burst of the same kind is the command path, poller and database alone; what watching adds is divided by the number of watchers (pages + hub clients).");
        Console.WriteLine();
        Console.WriteLine("| burst | watching | window | server CPU | ÷ watchers | (CPU − same burst unwatched) ÷ watchers |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: |");
        CpuRow("nobody", 0, r.StopUnwatched, null);
        CpuRow("nobody", 0, r.StartUnwatched, null);
        CpuRow(hubOnly + " (deltas)", clients, r.StopHubDeltas, r.StopUnwatched);
        CpuRow(hubOnly + " (deltas)", clients, r.StartHubDeltas, r.StartUnwatched);
        CpuRow(hubOnly, clients, r.StopHub, r.StopUnwatched);
        CpuRow(hubOnly, clients, r.StartHub, r.StartUnwatched);
        var (unwatchedLikeIt, hubLikeIt) = r.Everyone?.Batch == Dashboard.Core.Domain.BatchAction.StopAll
            ? (r.StopUnwatched, r.StopHub)
            : (r.StartUnwatched, r.StartHub);
        CpuRow(everyone, r.Pages + clients, r.Everyone, unwatchedLikeIt);
        if (r.Everyone is { } all && hubLikeIt is { } hub && r.Pages > 0)
        {
            var perPage = (all.Cpu - hub.Cpu).TotalSeconds / r.Pages;
            Console.WriteLine($"\nPer page, from the two {all.Batch} bursts with the same hub clients: (CPU with the pages − CPU without) ÷ {r.Pages} = {Show.Number(perPage, "0.000")} s (over windows of {Show.Seconds(all.Window)} and {Show.Seconds(hub.Window)}).");
        }

        if (r.StopHub?.Hub is { } fleet)
            Console.WriteLine($"\nThe hub clients' own process used {Show.Number(fleet.CpuSeconds, "0.00")} s of CPU in the first hub burst (not counted above).");
    }

    private static void BurstRow(string watching, BurstFigures? burst)
    {
        if (burst is null)
        {
            Console.WriteLine($"| not run | {watching} | | | | | | |");
            return;
        }

        if (burst.RendersPerPage.Count == 0)
        {
            Console.WriteLine($"| {burst.Batch} | {watching} | {Settled(burst.ServerDone)} | — | — | — | — | |");
            return;
        }

        var most = burst.MostRendersPerSecond.Select(m => (double)m).ToList();
        var renders = burst.RendersPerPage.Select(x => (double)x.Length).ToList();
        Console.WriteLine($"| {burst.Batch} | {watching} | {Settled(burst.ServerDone)} | {Settled(burst.PagesDone)} | {Show.Number(Stats.Median(renders), "0")} | {Show.Number(Stats.Median(most), "0")} | {Show.Number(most.Max(), "0")} | ≤ {TargetRendersPerSecond}/s |");
    }

    private static void HubRow(string label, BurstFigures? burst)
    {
        if (burst?.Hub is not { } hub)
        {
            Console.WriteLine($"| {label} | not run | | | | | | | |");
            return;
        }

        Console.WriteLine($"| {label} | {burst.Batch} | {Show.Int(hub.Samples)} | {Show.Ms(hub.P50Ms)} | {Show.Ms(hub.P95Ms)} | {Show.Ms(hub.MaxMs)} | {hub.ReachedTarget}/{hub.Clients} | {Show.Number(hub.LastReachedSeconds)} s | ≤ {Show.Ms(TargetP95Ms)} |");
    }

    private static void CpuRow(string watching, int watchers, BurstFigures? burst, BurstFigures? unwatched)
    {
        if (burst is null)
        {
            Console.WriteLine($"| not run | {watching} | | | | |");
            return;
        }

        var cpu = burst.Cpu.TotalSeconds;
        var perWatcher = watchers == 0 ? "—" : Show.Number(cpu / watchers, "0.000") + " s";
        var added = watchers == 0 || unwatched is null ? "—" : Show.Number((cpu - unwatched.Cpu.TotalSeconds) / watchers, "0.000") + " s";
        Console.WriteLine($"| {burst.Batch} | {watching} | {Show.Seconds(burst.Window)} | {Show.Number(cpu, "0.00")} s | {perWatcher} | {added} |");
    }

    private static string Settled(TimeSpan? time) => time is { } t ? Show.Seconds(t) : "not within the limit";
}
