using Dashboard.Core.Domain;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Actions;

/// <summary>Settings of section <c>Connect</c>.</summary>
public sealed class ConnectOptions
{
    public const string Section = "Connect";

    /// <summary>DNS suffix machines are reached under, e.g. "westeurope.cloudapp.azure.com".</summary>
    public string HostSuffix { get; set; } = "sim.internal";

    public string AdminUser { get; set; } = "azureuser";
}

/// <summary>Builds how to reach a machine: SSH for every machine, a browser URL through the proxy where one exists.</summary>
public sealed class ConnectionDetailsBuilder(IOptions<ConnectOptions> options)
{
    public ConnectionDetails For(SessionView session, MachineView machine)
    {
        var o = options.Value;
        var host = $"{machine.Name}.{o.HostSuffix}";
        var proxy = session.Machines.FirstOrDefault(m => m.Role is MachineRole.Proxy);
        string? browser = machine.Role switch
        {
            MachineRole.Target or MachineRole.Master when proxy is not null =>
                $"https://{proxy.Name}.{o.HostSuffix}/{machine.Name}/",
            _ => null,
        };
        return new ConnectionDetails(host, $"ssh {o.AdminUser}@{host}", browser);
    }
}
