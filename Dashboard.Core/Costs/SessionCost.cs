using Dashboard.Core.Domain;

namespace Dashboard.Core.Costs;

/// <summary>One machine's cost in a period, and what it costs per hour now.</summary>
public sealed record MachineCost(
    Guid MachineId,
    string Name,
    string? Student,
    string Size,
    MachinePriority Priority,
    MeteredHours Hours,
    decimal Compute,
    decimal Disks,
    decimal SpotSaved,
    decimal PerHourNow,
    bool HasPrice,
    PricedOs Os = PricedOs.Linux)
{
    public decimal Total => Compute + Disks;
}

/// <summary>One student's machines summed (or the machines nobody holds, when Student is null).</summary>
public sealed record StudentCost(string? Student, int Machines, double ComputeHours, decimal Compute, decimal Disks, decimal SpotSaved)
{
    public decimal Total => Compute + Disks;
}

/// <summary>A session's cost in a period: compute, disks (of which while stopped), Spot savings and the rate now.</summary>
public sealed record SessionCost(
    Guid SessionId,
    string SessionName,
    CostPeriod Period,
    DateTimeOffset At,
    string Currency,
    string Region,
    IReadOnlyList<MachineCost> Machines)
{
    public decimal Compute { get; } = Machines.Sum(m => m.Compute);
    public decimal Disks { get; } = Machines.Sum(m => m.Disks);
    public decimal DisksWhileStopped { get; init; }
    public decimal SpotSaved { get; } = Machines.Sum(m => m.SpotSaved);
    public decimal PerHourNow { get; } = Machines.Sum(m => m.PerHourNow);

    /// <summary>Compute plus disks: what the session cost so far in the period.</summary>
    public decimal Total => Compute + Disks;

    /// <summary>Whether the disk tier has a price in the region; without it the disks line is zero.</summary>
    public bool DiskHasPrice { get; init; } = true;

    public IReadOnlyList<MachineCost> Unpriced => [.. Machines.Where(m => !m.HasPrice)];

    /// <summary>
    /// "3 machines have no price: Standard_X in westeurope", or null when every machine has one. Windows and Spot are
    /// named, since the table may have a size's Linux or regular price and still miss the one these machines need.
    /// </summary>
    public string? UnpricedText
    {
        get
        {
            var unpriced = Unpriced;
            if (unpriced.Count == 0)
                return null;
            var sizes = string.Join(", ", unpriced.Select(PriceMissing).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal));
            return unpriced.Count == 1
                ? $"1 machine has no price: {sizes} in {Region}"
                : $"{unpriced.Count} machines have no price: {sizes} in {Region}";
        }
    }

    // "Standard_D4s_v5 (Windows, Spot)": the price the table lacks.
    private static string PriceMissing(MachineCost machine)
    {
        var kinds = new List<string>(2);
        if (machine.Os == PricedOs.Windows)
            kinds.Add("Windows");
        if (machine.Priority == MachinePriority.Spot)
            kinds.Add("Spot");
        return kinds.Count == 0 ? machine.Size : $"{machine.Size} ({string.Join(", ", kinds)})";
    }

    public IReadOnlyList<StudentCost> ByStudent() =>
    [
        .. Machines.GroupBy(m => m.Student, StringComparer.OrdinalIgnoreCase)
            .Select(g => new StudentCost(g.Key, g.Count(), g.Sum(m => m.Hours.Compute), g.Sum(m => m.Compute), g.Sum(m => m.Disks), g.Sum(m => m.SpotSaved)))
            .OrderBy(s => s.Student is null).ThenBy(s => s.Student, StringComparer.OrdinalIgnoreCase),
    ];
}
