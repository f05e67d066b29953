namespace Dashboard.Benchmarks;

public static class Stats
{
    /// <summary>Nearest-rank percentile (0–100); NaN for no samples.</summary>
    public static double Percentile(IReadOnlyList<double> samples, double percent)
    {
        if (samples.Count == 0)
            return double.NaN;
        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Median(IReadOnlyList<double> samples) => Percentile(samples, 50);

    /// <summary>The most events in any window of <paramref name="windowMs"/> (a sliding window, not fixed buckets).</summary>
    public static int MostInWindow(IReadOnlyList<double> timesMs, double windowMs = 1000)
    {
        var sorted = timesMs.Order().ToArray();
        var most = 0;
        for (int first = 0, last = 0; last < sorted.Length; last++)
        {
            while (sorted[last] - sorted[first] >= windowMs)
                first++;
            most = Math.Max(most, last - first + 1);
        }

        return most;
    }
}
