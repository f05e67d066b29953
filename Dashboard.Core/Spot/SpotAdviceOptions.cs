namespace Dashboard.Core.Spot;

/// <summary>Settings section <c>Spot</c>: what ops know of each size's recent Spot eviction rate.</summary>
public sealed class SpotAdviceOptions
{
    public const string Section = "Spot";

    /// <summary>Recent eviction rate band per size, as Azure's pricing page shows it (e.g. <c>Standard_E4s_v5: "0-5%"</c>).</summary>
    public Dictionary<string, string> EvictionRates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public string? RateOf(string size) =>
        EvictionRates.FirstOrDefault(r => string.Equals(r.Key, size, StringComparison.OrdinalIgnoreCase)).Value;
}
