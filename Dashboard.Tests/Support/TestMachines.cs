using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;

namespace Dashboard.Tests.Support;

/// <summary>Machines and cloud listings for tests that need no host.</summary>
public static class TestMachines
{
    public static MachineView Regular(MachineState state, bool hibernation = true) => new()
    {
        Id = Guid.NewGuid(),
        SessionId = Guid.NewGuid(),
        Name = "lab-worker-01",
        Role = MachineRole.Worker,
        Ordinal = 1,
        Size = "Standard_D4s_v5",
        Image = "Canonical:ubuntu-24_04-lts:server:latest",
        Priority = MachinePriority.Regular,
        HibernationEnabled = hibernation,
        State = state,
        CloudId = "/vm/lab-worker-01",
    };

    public static MachineView Spot(MachineState state, EvictionPolicy policy = EvictionPolicy.Deallocate) =>
        Regular(state, hibernation: false) with { Priority = MachinePriority.Spot, EvictionPolicy = policy };

    public static CloudMachineStatus Listed(MachineView machine, MachineState state) =>
        new(machine.CloudId!, machine.Name, state, new Dictionary<string, string>());

    public static CloudMachineSpec Spec(string name, MachinePriority priority = MachinePriority.Regular,
        EvictionPolicy? policy = null, bool hibernation = false) =>
        new(name, "Standard_D2s_v5", "Canonical:ubuntu-24_04-lts:server:latest", priority,
            priority == MachinePriority.Spot ? policy ?? EvictionPolicy.Deallocate : null, hibernation,
            new Dictionary<string, string>());

    /// <summary>A running session of the given kind with machines named role-ordinal, for layout tests.</summary>
    public static SessionView Session(FormationKind kind, params (MachineRole Role, int Ordinal)[] machines)
    {
        var sessionId = Guid.NewGuid();
        return new SessionView
        {
            Id = sessionId,
            Name = "s",
            Kind = kind,
            Owner = "tester",
            Machines =
            [
                .. machines.Select(m => new MachineView
                {
                    Id = Guid.NewGuid(),
                    SessionId = sessionId,
                    Name = $"{m.Role.ToString().ToLowerInvariant()}-{m.Ordinal}",
                    Role = m.Role,
                    Ordinal = m.Ordinal,
                    Size = "Standard_B2s",
                    Image = "image",
                    State = MachineState.Running,
                }),
            ],
        };
    }
}
