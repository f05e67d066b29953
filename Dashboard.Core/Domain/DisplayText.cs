namespace Dashboard.Core.Domain;

/// <summary>Human words for enum values, kept in one place so every page says the same thing.</summary>
public static class DisplayText
{
    public static string Of(FormationKind kind) => kind switch
    {
        FormationKind.MachinePool => "Machine Pool",
        FormationKind.VirtualLab => "Virtual Lab",
        FormationKind.BigDataCluster => "Big Data Cluster",
        FormationKind.HpcCluster => "HPC Cluster",
        _ => kind.ToString(),
    };

    public static string Of(MachineRole role) => role switch
    {
        MachineRole.PoolMember => "pool member",
        MachineRole.Proxy => "proxy",
        MachineRole.Target => "target",
        MachineRole.Master => "master",
        MachineRole.Worker => "worker",
        MachineRole.Head => "head",
        MachineRole.Compute => "compute",
        _ => role.ToString(),
    };

    /// <summary>Plural used in session counts, e.g. "workers 5/6 running".</summary>
    public static string PluralOf(MachineRole role) => role switch
    {
        MachineRole.PoolMember => "machines",
        MachineRole.Compute => "compute nodes",
        MachineRole.Proxy => "proxies",
        _ => Of(role) + "s",
    };

    public static string Of(MachineState state) => state.ToString().ToLowerInvariant();

    /// <summary>"45 seconds", "1 minute", "15 minutes".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromSeconds(90))
        {
            var seconds = Math.Max(1, (int)Math.Round(span.TotalSeconds));
            return seconds == 1 ? "1 second" : $"{seconds} seconds";
        }

        var minutes = (int)Math.Round(span.TotalMinutes);
        return minutes == 1 ? "1 minute" : $"{minutes} minutes";
    }
}
