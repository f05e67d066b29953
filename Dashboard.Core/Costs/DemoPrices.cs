using Dashboard.Core.Domain;

namespace Dashboard.Core.Costs;

/// <summary>
/// Prices for the simulated cloud when no table was imported: the offered sizes in westeurope, rounded from Azure's
/// retail list, so the demo shows costs out of the box. Any imported table replaces them whole.
/// </summary>
public static class DemoPrices
{
    private const string Region = "westeurope";

    // Size, Linux regular, Linux Spot, Windows regular (per hour, USD).
    private static readonly (string Size, decimal Regular, decimal Spot, decimal Windows)[] Sizes =
    [
        ("Standard_B2s", 0.048m, 0.0096m, 0.058m),
        ("Standard_D2s_v5", 0.096m, 0.0192m, 0.188m),
        ("Standard_D4s_v5", 0.192m, 0.0384m, 0.376m),
        ("Standard_D8s_v5", 0.384m, 0.0768m, 0.752m),
        ("Standard_E4s_v5", 0.288m, 0.0576m, 0.472m),
        ("Standard_F4s_v2", 0.192m, 0.0384m, 0.376m),
        ("Standard_HB120rs_v3", 4.104m, 0.8208m, 9.624m),
        ("Standard_NC6s_v3", 3.672m, 0.7344m, 3.948m),
    ];

    public static void FillWhenEmpty(PriceTableOptions table)
    {
        if (table.Machines.Count > 0 || table.Disks.Count > 0)
            return;
        table.Source = "Demo prices (westeurope, rounded); import real ones with import-prices";
        table.Currency = "USD";
        foreach (var (size, regular, spot, windows) in Sizes)
        {
            table.Machines.Add(new MachinePrice { Size = size, Region = Region, PerHour = regular });
            table.Machines.Add(new MachinePrice { Size = size, Region = Region, Priority = MachinePriority.Spot, PerHour = spot });
            table.Machines.Add(new MachinePrice { Size = size, Region = Region, Os = PricedOs.Windows, PerHour = windows });
        }

        table.Disks.Add(new DiskPrice { Tier = "P10", Region = Region, PerMonth = 19.71m });
        table.Disks.Add(new DiskPrice { Tier = "E10", Region = Region, PerMonth = 9.60m });
        table.Disks.Add(new DiskPrice { Tier = "S10", Region = Region, PerMonth = 5.89m });
    }
}
