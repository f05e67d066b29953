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

    public SimulatedMachine Copy() => new()
    {
        Id = Id, Name = Name, Size = Size, Image = Image, Priority = Priority, EvictionPolicy = EvictionPolicy,
        HibernationEnabled = HibernationEnabled, Tags = new Dictionary<string, string>(Tags), State = State,
        Operation = Operation, Problem = Problem, ProblemSince = ProblemSince,
    };

    public CloudMachineStatus ToStatus() => new(Id, Name, State, new Dictionary<string, string>(Tags),
        new CloudMachineDetails(Size, Image, Priority, EvictionPolicy, HibernationEnabled)) { Problem = Problem, ProblemSince = ProblemSince };
}
