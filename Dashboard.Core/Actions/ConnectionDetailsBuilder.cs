using Dashboard.Core.Domain;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Actions;

/// <summary>
/// Builds how to reach a machine: SSH for Linux, an .rdp file for Windows, and a browser URL from the
/// template for the session's kind and the machine's role.
/// </summary>
public sealed class ConnectionDetailsBuilder(IOptions<ConnectOptions> options)
{
    public ConnectionDetails For(SessionView session, MachineView machine)
    {
        var o = options.Value;
        var host = $"{machine.Name}.{o.HostSuffix}";
        var os = ImageOs.Of(machine.Image);
        return new ConnectionDetails(machine.Name, host, os, o.AdminUser)
        {
            SshCommand = os == MachineOs.Linux ? $"ssh {o.AdminUser}@{host}" : null,
            RdpFile = os == MachineOs.Windows ? RdpFile.For(host, o.AdminUser) : null,
            BrowserUrl = BrowserUrl(o, session, machine),
        };
    }

    private static string? BrowserUrl(ConnectOptions o, SessionView session, MachineView machine)
    {
        if (o.BrowserTemplate(session.Kind, machine.Role) is not { } template)
            return null;
        var proxy = session.Machines.FirstOrDefault(m => m.Role == MachineRole.Proxy);
        // A session whose proxy is gone has no way in through it.
        if (proxy is null && ConnectTemplate.Uses(template, ConnectTemplate.Proxy))
            return null;
        return ConnectTemplate.Expand(template, new Dictionary<string, string>
        {
            [ConnectTemplate.Machine] = machine.Name,
            [ConnectTemplate.Proxy] = proxy?.Name ?? "",
            [ConnectTemplate.Session] = session.Name,
            [ConnectTemplate.Suffix] = o.HostSuffix,
            [ConnectTemplate.User] = o.AdminUser,
        });
    }
}
