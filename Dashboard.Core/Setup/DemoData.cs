using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;
using Dashboard.Core.Sessions;

namespace Dashboard.Core.Setup;

/// <summary>The formations and sessions a newcomer sees on the first run with the simulated cloud.</summary>
public static class DemoData
{
    public const string Instructor = "instructor@demo.test";
    public const int Students = 12;

    public static string Student(int number) => $"student{number:00}@demo.test";

    public static IReadOnlyList<Formation> Formations() =>
    [
        new()
        {
            Name = "Python Workshop Pool", Kind = FormationKind.MachinePool, Size = "Standard_B2s", DefaultCount = 12,
            Image = "Canonical:ubuntu-24_04-lts:server:latest",
            Description = "One Ubuntu machine per participant with Python and Jupyter.",
        },
        new()
        {
            Name = "Windows Desktop Lab", Kind = FormationKind.VirtualLab, Size = "Standard_D4s_v5", DefaultCount = 1,
            Image = "MicrosoftWindowsDesktop:windows-11:win11-24h2-pro:latest",
            Description = "A Windows 11 workstation reached in the browser through a remote-desktop proxy.",
        },
        new()
        {
            Name = "Spark Cluster", Kind = FormationKind.BigDataCluster, Size = "Standard_E4s_v5", DefaultCount = 6,
            DefaultSpotCount = 4, DefaultEvictionPolicy = EvictionPolicy.Deallocate,
            Image = "Canonical:ubuntu-24_04-lts:server:latest",
            Description = "Proxy, YARN master and Spark workers; workers may run on Spot.",
        },
        new()
        {
            Name = "Slurm HPC Cluster", Kind = FormationKind.HpcCluster, Size = "Standard_F4s_v2", DefaultCount = 8,
            DefaultSpotCount = 8, DefaultEvictionPolicy = EvictionPolicy.Delete,
            Image = "microsoft-dsvm:ubuntu-hpc:2204:latest", SharedStorage = "NFS share, 4 TiB, mounted at /shared",
            Description = "Slurm head node and compute nodes sharing one file system.",
        },
    ];

    /// <summary>One session per formation, its machines already running.</summary>
    public static IReadOnlyList<Session> Sessions(IReadOnlyList<Formation> formations, DateTimeOffset now, ICloud cloud)
    {
        Session Make(FormationKind kind, string name, int count, int spot, bool hibernation, int minutesAgo)
        {
            var formation = formations.First(f => f.Kind == kind);
            var request = new CreateSessionRequest
            {
                FormationId = formation.Id, Name = name, Count = count, SpotCount = spot, Size = formation.Size,
                EvictionPolicy = formation.DefaultEvictionPolicy, HibernationEnabled = hibernation,
            };
            var session = SessionPlanner.Plan(formation, request, Instructor, now.AddMinutes(-minutesAgo), cloud);
            foreach (var machine in session.Machines)
                machine.State = MachineState.Running;
            return session;
        }

        var pool = Make(FormationKind.MachinePool, "python-workshop", Students, 0, hibernation: true, 40);
        foreach (var machine in pool.Machines)
            machine.AssignedUser = Student(machine.Ordinal);
        return
        [
            pool,
            Make(FormationKind.VirtualLab, "desktop-lab", 1, 0, hibernation: true, 30),
            Make(FormationKind.BigDataCluster, "spark-analytics", 6, 4, hibernation: false, 20),
            Make(FormationKind.HpcCluster, "genomics-hpc", 8, 8, hibernation: false, 10),
        ];
    }
}
