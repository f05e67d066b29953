using Microsoft.Playwright;

namespace Dashboard.Benchmarks;

/// <summary>
/// What the benchmark reads and does in a sessions page, through the markup contract only: data-session,
/// data-machine, data-state, aria-label and aria-expanded. The scripts run in the page, so timings are the page's own.
/// </summary>
public static class PageProbe
{
    private const int TimeoutMs = 90_000;

    // Clicks the header's Expand button and resolves once the card says it is open, shows machine rows, and one
    // frame has been produced after that (layout and paint included).
    private const string ExpandScript = """
        async ({ session, timeoutMs }) => {
          const card = document.querySelector(`[data-session="${CSS.escape(session)}"]`);
          if (!card) throw new Error(`no session card ${session}`);
          const toggle = card.querySelector('[aria-label="Expand"]');
          if (!toggle) throw new Error(`no Expand button in ${session}`);
          const open = () => card.querySelector('[aria-expanded]')?.getAttribute('aria-expanded') === 'true'
            && card.querySelector('[data-machine]') !== null;
          let observer, timer;
          const shown = new Promise((resolve, reject) => {
            observer = new MutationObserver(() => { if (open()) resolve(); });
            timer = setTimeout(() => reject(new Error(`${session} did not open within ${timeoutMs} ms`)), timeoutMs);
          });
          observer.observe(card, { subtree: true, childList: true, attributes: true });
          const start = performance.now();
          toggle.click();
          try { await shown; } finally { observer.disconnect(); clearTimeout(timer); }
          const inDom = performance.now() - start;
          await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
          return { inDom, painted: performance.now() - start };
        }
        """;

    private const string CollapseScript = """
        async ({ session, timeoutMs }) => {
          const card = document.querySelector(`[data-session="${CSS.escape(session)}"]`);
          const toggle = card?.querySelector('[aria-label="Collapse"]');
          if (!toggle) throw new Error(`no Collapse button in ${session}`);
          toggle.click();
          const deadline = performance.now() + timeoutMs;
          while (card.querySelector('[data-machine]') !== null) {
            if (performance.now() > deadline) throw new Error(`${session} did not close within ${timeoutMs} ms`);
            await new Promise(resolve => setTimeout(resolve, 10));
          }
        }
        """;

    // One MutationObserver callback per task that changed the card: Blazor applies each render batch in one task.
    private const string CountRendersScript = """
        (session) => {
          const selector = `[data-session="${CSS.escape(session)}"]`;
          window.__benchRenders = [];
          window.__benchObserver?.disconnect();
          window.__benchObserver = new MutationObserver(records => {
            const inCard = records.some(r => {
              const node = r.target.nodeType === Node.ELEMENT_NODE ? r.target : r.target.parentElement;
              return node?.closest(selector);
            });
            if (inCard) window.__benchRenders.push(performance.now());
          });
          window.__benchObserver.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
        }
        """;

    // Counts the session's machine rows, and those of them whose state is the one asked for.
    private const string RowsInStateScript = """
        ({ session, state }) => {
          const card = document.querySelector(`[data-session="${CSS.escape(session)}"]`);
          const rows = card ? [...card.querySelectorAll('[data-machine]')] : [];
          const inState = rows.filter(row =>
            (row.matches('[data-state]') ? row : row.querySelector('[data-state]'))?.getAttribute('data-state') === state);
          return [rows.length, inState.length];
        }
        """;

    /// <summary>Milliseconds from the click until the rows were in the page, and until they were painted.</summary>
    public sealed class ExpandTiming
    {
        public double InDom { get; set; }
        public double Painted { get; set; }
    }

    /// <summary>Expands a session and returns how long it took until its rows were in the page and painted (ms).</summary>
    public static async Task<ExpandTiming> ExpandAsync(IPage page, string session) =>
        await page.EvaluateAsync<ExpandTiming>(ExpandScript, new { session, timeoutMs = TimeoutMs });

    public static Task CollapseAsync(IPage page, string session) =>
        page.EvaluateAsync(CollapseScript, new { session, timeoutMs = TimeoutMs });

    public static Task<int> DomNodesAsync(IPage page) =>
        page.EvaluateAsync<int>("() => document.getElementsByTagName('*').length");

    public static Task<int> MachineRowsAsync(IPage page) =>
        page.EvaluateAsync<int>("() => document.querySelectorAll('[data-machine]').length");

    public static Task StartCountingRendersAsync(IPage page, string session) => page.EvaluateAsync(CountRendersScript, session);

    /// <summary>The page's clock (ms) at each counted render since counting started or was last reset.</summary>
    public static Task<double[]> RendersAsync(IPage page) => page.EvaluateAsync<double[]>("() => window.__benchRenders ?? []");

    public static Task ResetRendersAsync(IPage page) => page.EvaluateAsync("() => { window.__benchRenders = []; }");

    /// <summary>True once every machine row the page shows for the session is in <paramref name="state"/>.</summary>
    public static async Task<bool> AllRowsInStateAsync(IPage page, string session, string state)
    {
        var counts = await page.EvaluateAsync<int[]>(RowsInStateScript, new { session, state });
        return counts[0] > 0 && counts[1] == counts[0];
    }

    /// <summary>How many of the machine rows the page shows for the session are in <paramref name="state"/>.</summary>
    public static async Task<int> RowsInStateAsync(IPage page, string session, string state) =>
        (await page.EvaluateAsync<int[]>(RowsInStateScript, new { session, state }))[1];
}
