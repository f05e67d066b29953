using Dashboard.Core.Actions;
using Dashboard.Core.Domain;
using Dashboard.Core.Setup;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Connect;

/// <summary>Sessions of each kind laid out as the demo has them, with the demo formations' images; no host needed.</summary>
internal static class ConnectSessions
{
    public static SessionView PythonWorkshop { get; } = Make(FormationKind.MachinePool, "python-workshop", ("python-workshop-03", MachineRole.PoolMember));

    public static SessionView DesktopLab { get; } = Make(FormationKind.VirtualLab, "desktop-lab",
        ("desktop-lab-proxy", MachineRole.Proxy), ("desktop-lab-target", MachineRole.Target));

    public static SessionView SparkAnalytics { get; } = Make(FormationKind.BigDataCluster, "spark-analytics",
        ("spark-analytics-proxy", MachineRole.Proxy), ("spark-analytics-master", MachineRole.Master),
        ("spark-analytics-worker-01", MachineRole.Worker));

    public static SessionView GenomicsHpc { get; } = Make(FormationKind.HpcCluster, "genomics-hpc",
        ("genomics-hpc-head", MachineRole.Head), ("genomics-hpc-compute-01", MachineRole.Compute));

    public static MachineView Machine(this SessionView session, string name) => session.Machines.Single(m => m.Name == name);

    public static ConnectionDetailsBuilder Builder(ConnectOptions? options = null) => new(Options.Create(options ?? new ConnectOptions()));

    public static ConnectionDetails Details(SessionView session, string machine, ConnectOptions? options = null) =>
        Builder(options).For(session, session.Machine(machine));

    private static SessionView Make(FormationKind kind, string name, params (string Name, MachineRole Role)[] machines)
    {
        var id = Guid.NewGuid();
        var image = DemoData.Formations().Single(f => f.Kind == kind).Image;
        return new SessionView
        {
            Id = id,
            Name = name,
            Kind = kind,
            Owner = DemoData.Instructor,
            Machines =
            [
                .. machines.Select(m => new MachineView
                {
                    Id = Guid.NewGuid(), SessionId = id, Name = m.Name, Role = m.Role, Size = "Standard_D4s_v5", Image = image,
                    State = MachineState.Running,
                }),
            ],
        };
    }
}
