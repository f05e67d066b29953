using Dashboard.Core.Costs;
using Dashboard.Core.Domain;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Costs;

/// <summary>A small price table in westeurope and sessions built by hand, for the calculator's unit tests.</summary>
internal static class CostFixtures
{
    public const string Region = "westeurope";
    public const decimal D2Regular = 0.10m;
    public const decimal D2Spot = 0.02m;
    public const decimal P10PerMonth = 73m; // 0.10 an hour at 730 hours a month: round numbers below.

    public static PriceTable Prices() => new(Options.Create(new PriceTableOptions
    {
        Currency = "EUR",
        Machines =
        [
            new MachinePrice { Size = "Standard_D2s_v5", Region = Region, PerHour = D2Regular },
            new MachinePrice { Size = "Standard_D2s_v5", Region = Region, Priority = MachinePriority.Spot, PerHour = D2Spot },
            new MachinePrice { Size = "Standard_D2s_v5", Region = Region, Os = PricedOs.Windows, PerHour = 0.25m },
        ],
        Disks = [new DiskPrice { Tier = "P10", Region = Region, PerMonth = P10PerMonth }],
    }));

    public static CostCalculator Calculator() => new(Prices(), new CloudRegion(Region));

    public static DateTimeOffset Utc(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero);

    public static MachineView Machine(string name, MachineState state, DateTimeOffset since, string size = "Standard_D2s_v5",
        MachinePriority priority = MachinePriority.Regular, string? student = null, EvictionPolicy? policy = null,
        string image = "Canonical:ubuntu-24_04-lts:server:latest") => new()
    {
        Id = Guid.NewGuid(),
        SessionId = SessionId,
        Name = name,
        Role = MachineRole.PoolMember,
        Size = size,
        Image = image,
        Priority = priority,
        EvictionPolicy = policy,
        AssignedUser = student,
        State = state,
        StateSince = since,
    };

    public static readonly Guid SessionId = Guid.NewGuid();

    public static SessionView Session(DateTimeOffset createdAt, params MachineView[] machines) => new()
    {
        Id = SessionId,
        Name = "costs",
        Kind = FormationKind.MachinePool,
        Owner = "instructor@demo.test",
        CreatedAt = createdAt,
        Machines = [.. machines],
    };

    private static long _ids;

    public static HistoryEntry Change(MachineView machine, MachineState from, MachineState to, DateTimeOffset at) =>
        new(Interlocked.Increment(ref _ids), machine.Id, from, to, at);
}
