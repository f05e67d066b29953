namespace Dashboard.Core.Domain;

/// <summary>
/// The one cloud a database serves, recorded on its first start. Sessions, machines and accounts only make sense
/// beside that cloud: a demo database must never meet a real subscription.
/// </summary>
public sealed class CloudBinding
{
    public int Id { get; set; } = 1;
    public required string Provider { get; set; }
    public string SubscriptionId { get; set; } = "";
    public string ResourceGroup { get; set; } = "";
    public DateTimeOffset BoundAt { get; set; }

    public bool Matches(CloudBinding other) =>
        string.Equals(Provider, other.Provider, StringComparison.OrdinalIgnoreCase)
        && string.Equals(SubscriptionId, other.SubscriptionId, StringComparison.OrdinalIgnoreCase)
        && string.Equals(ResourceGroup, other.ResourceGroup, StringComparison.OrdinalIgnoreCase);

    public string Describe() => string.IsNullOrEmpty(SubscriptionId)
        ? $"the {Provider.ToLowerInvariant()} cloud"
        : $"{Provider} subscription {SubscriptionId}, resource group {ResourceGroup}";
}
