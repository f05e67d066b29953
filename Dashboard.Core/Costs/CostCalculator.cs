using Dashboard.Core.Domain;

namespace Dashboard.Core.Costs;

/// <summary>
/// Turns a session's state history into money: per machine the hours its compute was billed times its size's price
/// in the region at its priority, its OS disk's monthly price prorated by the hours it existed, and what Spot saved
/// (Spot hours × (regular − Spot price)). The rate now comes from the live states.
/// </summary>
public sealed class CostCalculator(PriceTable prices, CloudRegion region)
{
    public string Currency => prices.Currency;

    /// <summary>Where the prices came from, shown beside the figures.</summary>
    public string? Source => prices.Source;

    /// <summary>Meters for a session's machines, ready to fold its history into.</summary>
    internal Dictionary<Guid, MachineMeter> MetersFor(SessionView session, CostPeriod period) =>
        session.Machines.ToDictionary(m => m.Id, m => NewMeter(session, m, period));

    internal static MachineMeter NewMeter(SessionView session, MachineView machine, CostPeriod period) =>
        new(period, session.CreatedAt, machine.EvictionPolicy, machine.State);

    /// <summary>The cost of a session whose machines' histories are folded into <paramref name="meters"/>.</summary>
    internal SessionCost Price(SessionView session, CostPeriod period, IReadOnlyDictionary<Guid, MachineMeter> meters, DateTimeOffset now)
    {
        var diskPerMonth = prices.DiskPerMonth(region.Name);
        var diskPerHour = (diskPerMonth ?? 0) / BillingRules.HoursPerMonth;
        var machines = new List<MachineCost>(session.Machines.Length);
        var whileStopped = 0m;
        foreach (var machine in session.Machines)
        {
            var meter = meters.GetValueOrDefault(machine.Id) ?? NewMeter(session, machine, period);
            var hours = meter.Read(machine, now);
            machines.Add(Price(machine, hours, diskPerHour));
            whileStopped += (decimal)hours.DiskWhileStopped * diskPerHour;
        }

        return new SessionCost(session.Id, session.Name, period, now, prices.Currency, region.Name, machines)
        {
            DisksWhileStopped = whileStopped,
            DiskHasPrice = diskPerMonth is not null,
        };
    }

    /// <summary>A session's cost from its history, read whole (exports of any period).</summary>
    public SessionCost Price(SessionView session, CostPeriod period, IEnumerable<HistoryEntry> history, DateTimeOffset now)
    {
        var meters = MetersFor(session, period);
        foreach (var change in history)
        {
            if (change.At < period.End && meters.TryGetValue(change.MachineId, out var meter))
                meter.Apply(change);
        }

        return Price(session, period, meters, now < period.End ? now : period.End);
    }

    private MachineCost Price(MachineView machine, MeteredHours hours, decimal diskPerHour)
    {
        var os = BillingRules.OsOf(machine.Image);
        var rate = prices.PerHour(machine.Size, region.Name, machine.Priority, os);
        var compute = (decimal)hours.Compute;
        var saving = machine.IsSpot ? prices.SpotSavingPerHour(machine.Size, region.Name, os) ?? 0 : 0;
        var now = (BillingRules.BillsCompute(machine.State) ? rate ?? 0 : 0)
            + (BillingRules.HasDisk(machine.State, machine.EvictionPolicy) ? diskPerHour : 0);
        return new MachineCost(machine.Id, machine.Name, machine.AssignedUser, machine.Size, machine.Priority, hours,
            Compute: Money(compute * (rate ?? 0)),
            Disks: Money((decimal)hours.Disk * diskPerHour),
            SpotSaved: Money(compute * saving),
            PerHourNow: now,
            HasPrice: rate is not null,
            Os: os);
    }

    // Sub-cent precision is kept while summing; pages round when they show a figure.
    private static decimal Money(decimal value) => Math.Round(value, 6);
}
