using Dashboard.Core.Domain;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Costs;

/// <summary>Looks prices up by size, region and priority; sizes and regions compare as Azure names them, case-insensitively.</summary>
public sealed class PriceTable
{
    private readonly Dictionary<(string Size, string Region, MachinePriority Priority, PricedOs Os), decimal> _machines;
    private readonly Dictionary<(string Tier, string Region), decimal> _disks;

    public PriceTable(IOptions<PriceTableOptions> options)
    {
        var o = options.Value;
        Currency = o.Currency;
        Source = o.Source;
        OsDiskTier = o.OsDiskTier;
        _machines = o.Machines
            .GroupBy(p => (Key(p.Size), Key(p.Region), p.Priority, p.Os))
            .ToDictionary(g => g.Key, g => g.Min(p => p.PerHour));
        _disks = o.Disks.GroupBy(d => (Key(d.Tier), Key(d.Region))).ToDictionary(g => g.Key, g => g.Min(d => d.PerMonth));
    }

    public string Currency { get; }
    public string? Source { get; }
    public string OsDiskTier { get; }
    public bool IsEmpty => _machines.Count == 0;

    public decimal? PerHour(string size, string region, MachinePriority priority, PricedOs os = PricedOs.Linux) =>
        _machines.TryGetValue((Key(size), Key(region), priority, os), out var price) ? price : null;

    /// <summary>What Spot saves per hour on this size, when both prices are known.</summary>
    public decimal? SpotSavingPerHour(string size, string region, PricedOs os = PricedOs.Linux) =>
        PerHour(size, region, MachinePriority.Regular, os) is { } regular && PerHour(size, region, MachinePriority.Spot, os) is { } spot
            ? regular - spot
            : null;

    public decimal? DiskPerMonth(string region, string? tier = null) =>
        _disks.TryGetValue((Key(tier ?? OsDiskTier), Key(region)), out var price) ? price : null;

    private static string Key(string value) => value.Trim().ToLowerInvariant();
}
