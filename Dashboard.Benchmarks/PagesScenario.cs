using Microsoft.Playwright;

namespace Dashboard.Benchmarks;

/// <summary>
/// Memory and DOM size per open sessions page, for pages that expand the 500-machine session and for pages that
/// expand the 31-machine demo sessions; and how much longer expanding the big session takes than a demo one.
/// </summary>
public static class PagesScenario
{
    public const string BigSession = "bench-pool";
    public const int BigMachines = 500;
    private const string DemoPool = "python-workshop";
    private const int Pages = 20;
    private const int TimingRounds = 5;
    private static readonly TimeSpan PageOpeningBudget = TimeSpan.FromMinutes(4);
    private const double TargetBytesPerPage = 2e6;
    private const int TargetDomNodes = 5_000;

    private sealed record GroupFigures(string Label, int Pages, int Rows, double DomNodes, MemoryReading PerPage, double LeftPerPage, int Circuits);

    public static async Task RunAsync()
    {
        Show.Progress($"pages: starting the dashboard and creating {BigMachines} machines");
        await using var app = new BenchmarkApp();
        var url = app.StartOnKestrel();
        await app.CreatePoolAsync(BigSession, BigMachines, TimeSpan.FromMinutes(3));
        var demoSessions = app.Monitor.Sessions.Where(s => s.Name != BigSession).ToList();

        await using var browser = await BenchmarkBrowser.LaunchAsync();
        var context = await browser.SignInAsync(url);

        // Memory first, on a process no page has touched yet; the timing pages come last.
        Show.Progress($"pages: {Pages} pages expanding the demo sessions");
        var demo = await MeasureGroupAsync(app, context, [.. demoSessions.Select(s => s.Name)],
            $"the {demoSessions.Count} demo sessions ({demoSessions.Sum(s => s.Machines.Length)} machines)");
        Show.Progress($"pages: {Pages} pages expanding {BigSession}");
        var big = await MeasureGroupAsync(app, context, [BigSession], $"the {BigMachines}-machine session");
        Show.Progress("pages: timing expand");
        var (demoTiming, bigTiming) = await TimeExpandAsync(app, context);

        Console.WriteLine($"### Pages: per open sessions page ({Pages} Chromium pages per row, signed in as admin)");
        Console.WriteLine();
        Console.WriteLine("Each page of `/` expands the named sessions. Heap and RSS are this process's (the dashboard runs in it; Chromium and Playwright's driver do not) after a full collection, with the pages open minus before them, ÷ pages; \"left after closing\" is the heap once the pages closed and their circuits ended, minus before them, ÷ pages. MB = 10^6 bytes.");
        Console.WriteLine();
        Console.WriteLine("| pages expanding | pages | live circuits | machine rows per page | DOM nodes per page | managed heap per page | RSS per page | heap left after closing, per page | within targets |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var group in new[] { big, demo })
        {
            var within = group.DomNodes <= TargetDomNodes && group.PerPage.ManagedBytes <= TargetBytesPerPage && group.PerPage.WorkingSetBytes <= TargetBytesPerPage;
            Console.WriteLine($"| {group.Label} | {group.Pages} | {group.Circuits} | {Show.Int(group.Rows)} | {Show.Int(group.DomNodes)} | {Show.Mb(group.PerPage.ManagedBytes)} | {Show.Mb(group.PerPage.WorkingSetBytes)} | {Show.Mb(group.LeftPerPage)} | {Show.YesNo(within)} |");
        }

        Console.WriteLine($"| target | | | | ≤ {Show.Int(TargetDomNodes)} | ≤ {Show.Mb(TargetBytesPerPage)} | ≤ {Show.Mb(TargetBytesPerPage)} | | |");
        Console.WriteLine();
        Console.WriteLine($"### Pages: expanding a session once (click → rows in the page and painted), median of {TimingRounds}");
        Console.WriteLine();
        Console.WriteLine("Measured in the page with performance.now() from the Expand click: until aria-expanded=\"true\" and a [data-machine] row are in the page, and until the next frame after that (layout and paint).");
        Console.WriteLine();
        Console.WriteLine("| session | machines | rows in the page | painted | painted ÷ demo session |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        Console.WriteLine($"| {DemoPool} (demo) | {app.Monitor.FindSession(DemoPool)!.Machines.Length} | {Show.Ms(demoTiming.InDom)} | {Show.Ms(demoTiming.Painted)} | 1.0 |");
        Console.WriteLine($"| {BigSession} | {BigMachines} | {Show.Ms(bigTiming.InDom)} | {Show.Ms(bigTiming.Painted)} | {Show.Number(bigTiming.Painted / demoTiming.Painted)} |");
    }

    /// <summary>Median expand time of a demo pool and of the big session, in one foreground page, after a warm-up.</summary>
    private static async Task<(PageProbe.ExpandTiming Demo, PageProbe.ExpandTiming Big)> TimeExpandAsync(BenchmarkApp app, IBrowserContext context)
    {
        var page = await BenchmarkBrowser.OpenSessionsAsync(context);
        await page.BringToFrontAsync();
        var demo = new List<PageProbe.ExpandTiming>();
        var big = new List<PageProbe.ExpandTiming>();
        for (var round = 0; round <= TimingRounds; round++)
        {
            foreach (var (session, times) in new[] { (DemoPool, demo), (BigSession, big) })
            {
                var timing = await PageProbe.ExpandAsync(page, session);
                await PageProbe.CollapseAsync(page, session);
                // Round 0 warms up the server's and the browser's code paths.
                if (round > 0)
                    times.Add(timing);
            }
        }

        await page.CloseAsync();
        await WaitForCircuitsAsync(app, 0);
        return (Median(demo), Median(big));
    }

    private static PageProbe.ExpandTiming Median(List<PageProbe.ExpandTiming> timings) => new()
    {
        InDom = Stats.Median([.. timings.Select(t => t.InDom)]),
        Painted = Stats.Median([.. timings.Select(t => t.Painted)]),
    };

    private static async Task<GroupFigures> MeasureGroupAsync(BenchmarkApp app, IBrowserContext context, string[] sessions, string label)
    {
        await WaitForCircuitsAsync(app, 0);
        var before = ProcessFigures.ReadMemory();
        var pages = await PageGroup.OpenAsync(context, Pages, sessions, PageOpeningBudget);
        var circuits = app.OpenCircuits;
        var after = ProcessFigures.ReadMemory();
        var nodes = new List<double>();
        foreach (var page in pages)
            nodes.Add(await PageProbe.DomNodesAsync(page));
        var rows = await PageProbe.MachineRowsAsync(pages[0]);
        foreach (var page in pages)
            await page.CloseAsync();
        await WaitForCircuitsAsync(app, 0);
        var left = ProcessFigures.ReadMemory().ManagedBytes - before.ManagedBytes;
        var grown = after - before;
        return new GroupFigures(label, pages.Count, rows, nodes.Average(),
            new MemoryReading(grown.ManagedBytes / pages.Count, grown.WorkingSetBytes / pages.Count), (double)left / pages.Count, circuits);
    }

    // A closed page's circuit is disposed when the browser says goodbye; memory is read only after that.
    private static Task WaitForCircuitsAsync(BenchmarkApp app, int open) =>
        Wait.UntilAsync(() => app.OpenCircuits == open, $"{open} circuits are open", TimeSpan.FromSeconds(60));
}
