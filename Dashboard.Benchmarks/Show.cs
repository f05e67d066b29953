using System.Globalization;

namespace Dashboard.Benchmarks;

/// <summary>How figures read in the tables.</summary>
public static class Show
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Megabytes of 10^6 bytes, as the targets are written.</summary>
    public static string Mb(double bytes) => (bytes / 1e6).ToString("0.00", Invariant) + " MB";

    public static string Int(double value) => value.ToString("#,0", Invariant);

    public static string Ms(double ms) => double.IsNaN(ms) ? "—" : ms.ToString("#,0", Invariant) + " ms";

    public static string Number(double value, string format = "0.0") => double.IsNaN(value) ? "—" : value.ToString(format, Invariant);

    public static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0", Invariant) + " s";

    public static string YesNo(bool value) => value ? "yes" : "no";

    public static void Progress(string message) => Console.Error.WriteLine($"{DateTime.Now:HH:mm:ss} {message}");
}
