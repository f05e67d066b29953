using System.Diagnostics;
using Microsoft.Playwright;

namespace Dashboard.Benchmarks;

/// <summary>Opens many sessions pages, each with some sessions expanded, a few at a time and within a time budget.</summary>
public static class PageGroup
{
    // A few at once: while the server renders one page, the browser builds another's DOM.
    private const int AtOnce = 4;

    /// <summary>Up to <paramref name="count"/> pages; fewer (with a note on standard error) if the budget runs out.</summary>
    public static async Task<IReadOnlyList<IPage>> OpenAsync(IBrowserContext context, int count, IReadOnlyList<string> expand,
        TimeSpan budget, Func<IPage, Task>? prepare = null)
    {
        var pages = new List<IPage>();
        var watch = Stopwatch.StartNew();
        while (pages.Count < count && watch.Elapsed < budget)
        {
            var wave = await Task.WhenAll(Enumerable.Range(0, Math.Min(AtOnce, count - pages.Count)).Select(async _ =>
            {
                var page = await BenchmarkBrowser.OpenSessionsAsync(context);
                foreach (var session in expand)
                    await PageProbe.ExpandAsync(page, session);
                if (prepare is not null)
                    await prepare(page);
                return page;
            }));
            pages.AddRange(wave);
        }

        if (pages.Count < count)
            Show.Progress($"only {pages.Count} of {count} pages opened within {Show.Seconds(budget)}");
        return pages;
    }
}
