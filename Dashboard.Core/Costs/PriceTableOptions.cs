using Dashboard.Core.Domain;

namespace Dashboard.Core.Costs;

/// <summary>Operating system a VM price is for: Windows sizes carry the licence in their hourly price.</summary>
public enum PricedOs
{
    Linux,
    Windows,
}

/// <summary>One hourly price: a size in a region at a priority.</summary>
public sealed record MachinePrice
{
    public required string Size { get; init; }
    public required string Region { get; init; }
    public MachinePriority Priority { get; init; } = MachinePriority.Regular;
    public PricedOs Os { get; init; } = PricedOs.Linux;
    public decimal PerHour { get; init; }
}

/// <summary>One monthly price of a managed disk tier (e.g. P10, E10, S10) in a region.</summary>
public sealed record DiskPrice
{
    public required string Tier { get; init; }
    public required string Region { get; init; }
    public decimal PerMonth { get; init; }
}

/// <summary>Settings of section <c>Prices</c>: the price table costs are computed from.</summary>
public sealed class PriceTableOptions
{
    public const string Section = "Prices";

    public string Currency { get; set; } = "USD";

    /// <summary>Where the table came from and when, shown beside every cost.</summary>
    public string? Source { get; set; }

    public List<MachinePrice> Machines { get; set; } = [];
    public List<DiskPrice> Disks { get; set; } = [];

    /// <summary>The disk tier an OS disk is billed at when a machine's own is unknown.</summary>
    public string OsDiskTier { get; set; } = "P10";
}
