using System.Diagnostics;

namespace Dashboard.Benchmarks;

/// <summary>Bounded waits: every loop of the benchmark ends, with a message saying what never happened.</summary>
public static class Wait
{
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout)
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting until {what}.");
            await Task.Delay(50);
        }
    }
}
