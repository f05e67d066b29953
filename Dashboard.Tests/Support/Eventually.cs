using System.Diagnostics;

namespace Dashboard.Tests.Support;

/// <summary>Waits for a condition instead of sleeping a fixed time; fails with a message when it never holds.</summary>
public static class Eventually
{
    public static Task TrueAsync(Func<bool> condition, string because, TimeSpan? timeout = null) =>
        TrueAsync(() => Task.FromResult(condition()), because, timeout);

    public static async Task TrueAsync(Func<Task<bool>> condition, string because, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > limit)
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0}s waiting until {because}.");
            await Task.Delay(20);
        }
    }
}
