using Dashboard.Core.Domain;

namespace Dashboard.Core.Actions;

/// <summary>Settings of section <c>Connect</c>.</summary>
public sealed class ConnectOptions
{
    public const string Section = "Connect";

    /// <summary>DNS suffix machines are reached under, e.g. "westeurope.cloudapp.azure.com".</summary>
    public string HostSuffix { get; set; } = "sim.internal";

    /// <summary>User name in the SSH command and the .rdp file; also the {user} placeholder.</summary>
    public string AdminUser { get; set; } = "azureuser";

    /// <summary>
    /// Browser URL templates per formation kind and role (<c>Connect:Browser:VirtualLab:Target</c>), with the
    /// placeholders {machine}, {proxy}, {session}, {suffix} and {user}. No template (or an empty one): no browser URL.
    /// Settings are merged over these defaults, so an operator overrides or blanks one without repeating the rest.
    /// </summary>
    public Dictionary<string, Dictionary<string, string?>> Browser { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [nameof(FormationKind.VirtualLab)] = new(StringComparer.OrdinalIgnoreCase)
        {
            [nameof(MachineRole.Target)] = "https://{proxy}.{suffix}/guacamole/#/client/{machine}",
        },
        [nameof(FormationKind.BigDataCluster)] = new(StringComparer.OrdinalIgnoreCase)
        {
            [nameof(MachineRole.Master)] = "https://{proxy}.{suffix}/{machine}/yarn/",
        },
        [nameof(FormationKind.HpcCluster)] = new(StringComparer.OrdinalIgnoreCase)
        {
            [nameof(MachineRole.Head)] = "https://{machine}.{suffix}/ood/",
        },
    };

    /// <summary>The template for a kind and role, or null when there is none.</summary>
    public string? BrowserTemplate(FormationKind kind, MachineRole role)
    {
        // Keys bound from settings may differ in case from the enum names, and inner dictionaries the binder
        // creates compare case-sensitively: match by hand.
        var roles = Browser.FirstOrDefault(k => Same(k.Key, kind.ToString())).Value;
        var template = roles?.FirstOrDefault(r => Same(r.Key, role.ToString())).Value;
        return string.IsNullOrWhiteSpace(template) ? null : template;
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
