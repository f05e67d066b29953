using Dashboard.Core.Domain;

namespace Dashboard.Core.Cloud.Simulated;

/// <summary>One VM inside the simulated cloud.</summary>
internal sealed class SimulatedMachine
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Size { get; init; }
    public required string Image { get; init; }
    public MachinePriority Priority { get; init; }
    public EvictionPolicy? EvictionPolicy { get; init; }
    public bool HibernationEnabled { get; init; }
    public Dictionary<string, string> Tags { get; init; } = [];
    public MachineState State { get; set; }

    /// <summary>Set while an operation runs, so overlapping commands get a conflict, as on Azure.</summary>
    public string? Operation { get; set; }

    /// <summary>Why the machine failed, as the cloud would tell it.</summary>
    public string? Problem { get; set; }

    public DateTimeOffset? ProblemSince { get; set; }

    /// <summary>The OS disk the machine boots from, by name.</summary>
    public string OsDisk { get; set; } = "";

    /// <summary>What is on the OS disk: a fresh image's marker, or whatever was written on it since.</summary>
    public string DiskContent { get; set; } = "";

    /// <summary>The snapshots taken of this machine's OS disk, oldest first.</summary>
    public List<SimulatedSnapshot> Snapshots { get; init; } = [];

    public SimulatedMachine Copy() => new()
    {
        Id = Id, Name = Name, Size = Size, Image = Image, Priority = Priority, EvictionPolicy = EvictionPolicy,
        HibernationEnabled = HibernationEnabled, Tags = new Dictionary<string, string>(Tags), State = State,
        Operation = Operation, Problem = Problem, ProblemSince = ProblemSince,
        OsDisk = OsDisk, DiskContent = DiskContent, Snapshots = [.. Snapshots],
    };

    public CloudMachineStatus ToStatus() => new(Id, Name, State, new Dictionary<string, string>(Tags),
        new CloudMachineDetails(Size, Image, Priority, EvictionPolicy, HibernationEnabled)) { Problem = Problem, ProblemSince = ProblemSince };
}

/// <summary>A snapshot of a simulated OS disk: what was on it, and when.</summary>
internal sealed record SimulatedSnapshot(string Name, DateTimeOffset CreatedAt, string SourceDisk, string Content)
{
    public const int SizeGb = 30;

    public CloudSnapshot ToCloudSnapshot() => new(Name, CreatedAt, SizeGb, SourceDisk);
}
