namespace Dashboard.Core.Cloud.Azure;

/// <summary>Whose a VM is, read from the tags the dashboard sets when it creates a VM or an admin adopts one.</summary>
public enum AzureOwnership
{
    /// <summary>Made by someone else and never adopted: the dashboard leaves it alone.</summary>
    Foreign,
    Adopted,
    Created,
}

public static class AzureOwnershipTags
{
    /// <summary>Set on every VM and network interface the dashboard creates.</summary>
    public const string Created = "dashboard-created";

    /// <summary>Set on a VM when an admin adopts it into a session.</summary>
    public const string Adopted = "dashboard-adopted";

    public static AzureOwnership Of(IReadOnlyDictionary<string, string> tags) =>
        Has(tags, Created) ? AzureOwnership.Created : Has(tags, Adopted) ? AzureOwnership.Adopted : AzureOwnership.Foreign;

    private static bool Has(IReadOnlyDictionary<string, string> tags, string key) =>
        tags.Any(t => string.Equals(t.Key, key, StringComparison.OrdinalIgnoreCase));
}
