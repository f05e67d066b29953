namespace Dashboard.Core.Costs;

/// <summary>Hours of one machine in a period: compute billed, disk existing, and the part of the latter while not billed.</summary>
public readonly record struct MeteredHours(double Compute, double Disk, double DiskWhileStopped)
{
    public static MeteredHours operator +(MeteredHours a, MeteredHours b) =>
        new(a.Compute + b.Compute, a.Disk + b.Disk, a.DiskWhileStopped + b.DiskWhileStopped);
}
