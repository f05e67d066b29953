using Microsoft.Extensions.Options;

namespace Dashboard.Core.Cloud.Azure;

/// <summary>Settings of section <c>Azure</c>, used when <c>Cloud:Provider</c> is <c>Azure</c>.</summary>
public sealed class AzureOptions
{
    public const string Section = "Azure";

    public string SubscriptionId { get; set; } = "";

    /// <summary>Where the dashboard creates the machines of new sessions; also watched.</summary>
    public string ResourceGroup { get; set; } = "";

    /// <summary>
    /// More resource groups whose tagged VMs the dashboard lists and an admin may adopt. VMs in any other group are
    /// never listed, adopted or acted on.
    /// </summary>
    public List<string> WatchResourceGroups { get; set; } = [];

    public string Location { get; set; } = "";

    /// <summary>ARM endpoint; change it for sovereign clouds, Azure Stack Hub or a local ARM-protocol endpoint.</summary>
    public Uri ResourceManagerEndpoint { get; set; } = new("https://management.azure.com/");

    /// <summary>Token audience for that endpoint.</summary>
    public string Audience { get; set; } = "https://management.azure.com/";

    /// <summary>A fixed token and a trusted certificate for a local ARM-protocol endpoint (loopback only).</summary>
    public LocalEndpointOptions LocalEndpoint { get; set; } = new();

    /// <summary>Subnet the NICs of new machines join (a full resource id).</summary>
    public string SubnetId { get; set; } = "";

    /// <summary>Image used when a formation names none: "publisher:offer:sku:version" or an image resource id.</summary>
    public string Image { get; set; } = "Canonical:ubuntu-24_04-lts:server:latest";

    public string AdminUserName { get; set; } = "azureuser";

    /// <summary>Installed on new Linux machines; only creating Linux machines needs it.</summary>
    public string SshPublicKey { get; set; } = "";

    /// <summary>Admin password of new Windows machines; only creating Windows machines needs it.</summary>
    public string WindowsAdminPassword { get; set; } = "";

    /// <summary>Seconds between two list-with-status calls.</summary>
    public double PollSeconds { get; set; } = 5;

    /// <summary>Highest hourly price for Spot machines in US dollars; -1 pays up to the regular price.</summary>
    public decimal SpotMaxPrice { get; set; } = -1;
}

/// <summary>Fails start-up with a message that names the missing or wrong setting.</summary>
internal sealed class AzureOptionsValidator : IValidateOptions<AzureOptions>
{
    public ValidateOptionsResult Validate(string? name, AzureOptions o)
    {
        var errors = new List<string>();
        if (!Guid.TryParse(o.SubscriptionId, out _))
            errors.Add("Azure:SubscriptionId must be a subscription GUID.");
        if (string.IsNullOrWhiteSpace(o.ResourceGroup))
            errors.Add("Azure:ResourceGroup is required: the resource group where sessions are created.");
        if (string.IsNullOrWhiteSpace(o.Location))
            errors.Add("Azure:Location is required, e.g. westeurope.");
        if (!o.ResourceManagerEndpoint.IsAbsoluteUri || o.ResourceManagerEndpoint.Scheme != Uri.UriSchemeHttps)
            errors.Add("Azure:ResourceManagerEndpoint must be an absolute https URL.");
        if (string.IsNullOrWhiteSpace(o.Audience))
            errors.Add("Azure:Audience is required (the token audience of the ARM endpoint).");
        if (!o.SubnetId.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase) || !o.SubnetId.Contains("/subnets/", StringComparison.OrdinalIgnoreCase))
            errors.Add("Azure:SubnetId must be a subnet resource id (/subscriptions/.../virtualNetworks/.../subnets/...).");
        if (string.IsNullOrWhiteSpace(o.AdminUserName))
            errors.Add("Azure:AdminUserName is required.");
        if (o.WatchResourceGroups.Any(string.IsNullOrWhiteSpace))
            errors.Add("Azure:WatchResourceGroups must not contain empty names.");
        // Watching existing VMs needs neither secret; what is set must be usable, so a typo shows at start-up.
        if (o.SshPublicKey.Length > 0 && LinuxProfile.KeyProblem(o.SshPublicKey) is { } keyProblem)
            errors.Add(keyProblem);
        if (o.WindowsAdminPassword.Length > 0 && WindowsPassword.Problem(o.WindowsAdminPassword, o.AdminUserName) is { } passwordProblem)
            errors.Add(passwordProblem);
        if (o.PollSeconds < 1)
            errors.Add("Azure:PollSeconds must be at least 1.");
        if (o.ResourceManagerEndpoint.IsAbsoluteUri && LocalEndpointAccess.Problem(o) is { } localProblem)
            errors.Add(localProblem);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
