using System.Text.Json.Serialization;

namespace Dashboard.Core.Actions;

/// <summary>
/// How to reach one machine: an SSH command (Linux), an .rdp file (Windows) and, for roles that serve a web UI,
/// a browser URL built from the operator's template.
/// </summary>
public sealed record ConnectionDetails(string Machine, string Host, MachineOs Os, string User)
{
    /// <summary><c>ssh user@host</c>; Linux machines only.</summary>
    public string? SshCommand { get; init; }

    /// <summary>The content of a Remote Desktop file; Windows machines only.</summary>
    public string? RdpFile { get; init; }

    /// <summary>A web UI (remote desktop gateway, cluster UIs, portal), when a template exists for the kind and role.</summary>
    public string? BrowserUrl { get; init; }

    public string RdpFileName => $"{Machine}.rdp";
}

/// <summary>The operating system family of a machine, which decides between SSH and Remote Desktop.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MachineOs>))]
public enum MachineOs
{
    Linux,
    Windows,
}

public static class ImageOs
{
    /// <summary>
    /// Windows when the image names it (publisher:offer:sku:version such as
    /// "MicrosoftWindowsDesktop:windows-11:…" or an image id containing "windows"); Linux otherwise.
    /// </summary>
    public static MachineOs Of(string? image) =>
        image?.Contains("windows", StringComparison.OrdinalIgnoreCase) == true ? MachineOs.Windows : MachineOs.Linux;
}
