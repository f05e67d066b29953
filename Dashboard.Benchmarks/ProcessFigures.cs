using System.Diagnostics;

namespace Dashboard.Benchmarks;

/// <summary>This process's memory after a full collection.</summary>
public readonly record struct MemoryReading(long ManagedBytes, long WorkingSetBytes)
{
    public static MemoryReading operator -(MemoryReading after, MemoryReading before) =>
        new(after.ManagedBytes - before.ManagedBytes, after.WorkingSetBytes - before.WorkingSetBytes);
}

/// <summary>Memory and CPU of this process, where the dashboard runs during the page and fan-out scenarios.</summary>
public static class ProcessFigures
{
    public static MemoryReading ReadMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new MemoryReading(managed, process.WorkingSet64);
    }

    public static TimeSpan Cpu()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.TotalProcessorTime;
    }
}
