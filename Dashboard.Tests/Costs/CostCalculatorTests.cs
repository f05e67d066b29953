using Dashboard.Core.Costs;
using Dashboard.Core.Domain;
using Microsoft.Extensions.Options;
using static Dashboard.Tests.Costs.CostFixtures;

namespace Dashboard.Tests.Costs;

public sealed class CostCalculatorTests
{
    private readonly CostCalculator _calculator = Calculator();

    [Fact]
    public void Running_hours_are_priced_per_month_and_split_at_the_month_boundary()
    {
        var created = Utc(10, 31, 20);
        var machine = Machine("m1", MachineState.Running, Utc(10, 31, 22));
        var session = Session(created, machine);
        var history = new[] { Change(machine, MachineState.Deallocated, MachineState.Running, Utc(10, 31, 22)) };
        var now = Utc(11, 1, 3);

        var november = _calculator.Price(session, CostPeriod.MonthOf(now), history, now);
        var october = _calculator.Price(session, CostPeriod.MonthOf(Utc(10, 15, 0)), history, now);

        Assert.Equal(3, november.Machines[0].Hours.Compute, 6);
        Assert.Equal(3 * D2Regular, november.Compute);
        Assert.Equal(2 * D2Regular, october.Compute);
        Assert.Equal("EUR", november.Currency);
    }

    [Fact]
    public void A_stopped_machine_pays_only_its_disk_which_has_a_line_of_its_own()
    {
        var machine = Machine("m1", MachineState.Deallocated, Utc(11, 2, 2));
        var session = Session(Utc(11, 2, 0), machine);
        var history = new[]
        {
            Change(machine, MachineState.Creating, MachineState.Running, Utc(11, 2, 0)),
            Change(machine, MachineState.Running, MachineState.Deallocated, Utc(11, 2, 2)),
        };
        var now = Utc(11, 2, 12);

        var cost = _calculator.Price(session, CostPeriod.MonthOf(now), history, now);

        Assert.Equal(2 * D2Regular, cost.Compute);
        // P10 at 73 a month is 0.10 an hour: 12 hours existing, 10 of them stopped.
        Assert.Equal(12 * 0.10m, cost.Disks);
        Assert.Equal(10 * 0.10m, cost.DisksWhileStopped);
        Assert.Equal(0.10m, cost.PerHourNow);
        Assert.Equal(cost.Compute + cost.Disks, cost.Total);
    }

    [Fact]
    public void Stopped_but_allocated_is_billed_for_compute_as_Azure_bills_it()
    {
        var machine = Machine("m1", MachineState.Stopped, Utc(11, 3, 1));
        var session = Session(Utc(11, 3, 0), machine);
        var history = new[] { Change(machine, MachineState.Running, MachineState.Stopped, Utc(11, 3, 1)) };

        var cost = _calculator.Price(session, CostPeriod.MonthOf(Utc(11, 3, 0)), history, Utc(11, 3, 5));

        Assert.Equal(5 * D2Regular, cost.Compute);
        Assert.Equal(0m, cost.DisksWhileStopped);
        Assert.Equal(D2Regular + 0.10m, cost.PerHourNow);
    }

    [Fact]
    public void Spot_hours_are_priced_at_the_Spot_price_and_what_they_saved_is_shown()
    {
        var spot = Machine("w1", MachineState.Running, Utc(11, 4, 0), priority: MachinePriority.Spot);
        var regular = Machine("w2", MachineState.Running, Utc(11, 4, 0));
        var session = Session(Utc(11, 4, 0), spot, regular);

        var cost = _calculator.Price(session, CostPeriod.MonthOf(Utc(11, 4, 0)), [], Utc(11, 4, 4));

        Assert.Equal(4 * D2Spot + 4 * D2Regular, cost.Compute);
        Assert.Equal(4 * (D2Regular - D2Spot), cost.SpotSaved);
        Assert.Equal(0m, cost.Machines.Single(m => m.Name == "w2").SpotSaved);
    }

    [Fact]
    public void Machines_whose_size_has_no_price_are_counted_and_named_not_silently_free()
    {
        var session = Session(Utc(11, 5, 0),
            Machine("a", MachineState.Running, Utc(11, 5, 0), size: "Standard_X"),
            Machine("b", MachineState.Running, Utc(11, 5, 0), size: "Standard_X"),
            Machine("c", MachineState.Deallocated, Utc(11, 5, 0), size: "Standard_X"),
            Machine("d", MachineState.Running, Utc(11, 5, 0)));

        var cost = _calculator.Price(session, CostPeriod.MonthOf(Utc(11, 5, 0)), [], Utc(11, 5, 1));

        Assert.Equal("3 machines have no price: Standard_X in westeurope", cost.UnpricedText);
        Assert.Equal(D2Regular, cost.Compute);
        Assert.Null(_calculator.Price(Session(Utc(11, 5, 0), Machine("d", MachineState.Running, Utc(11, 5, 0))),
            CostPeriod.MonthOf(Utc(11, 5, 0)), [], Utc(11, 5, 1)).UnpricedText);
    }

    [Fact]
    public void A_size_priced_for_Linux_only_names_Windows_as_what_has_no_price()
    {
        const string Windows = "MicrosoftWindowsDesktop:windows-11:win11-24h2-pro:latest";
        var prices = new PriceTable(Options.Create(new PriceTableOptions
        {
            Machines = [new MachinePrice { Size = "Standard_D4s_v5", Region = Region, PerHour = 0.192m }],
        }));
        var calculator = new CostCalculator(prices, new CloudRegion(Region));
        var session = Session(Utc(11, 6, 0),
            Machine("win1", MachineState.Running, Utc(11, 6, 0), size: "Standard_D4s_v5", image: Windows),
            Machine("win2", MachineState.Running, Utc(11, 6, 0), size: "Standard_D4s_v5", image: Windows),
            Machine("spot", MachineState.Running, Utc(11, 6, 0), size: "Standard_D4s_v5", image: Windows, priority: MachinePriority.Spot),
            Machine("linux", MachineState.Running, Utc(11, 6, 0), size: "Standard_D4s_v5"));

        var cost = calculator.Price(session, CostPeriod.MonthOf(Utc(11, 6, 0)), [], Utc(11, 6, 1));

        Assert.Equal("3 machines have no price: Standard_D4s_v5 (Windows), Standard_D4s_v5 (Windows, Spot) in westeurope", cost.UnpricedText);
    }

    [Fact]
    public void Windows_images_are_priced_with_their_licence()
    {
        var machine = Machine("win", MachineState.Running, Utc(11, 6, 0), image: "MicrosoftWindowsDesktop:windows-11:win11-24h2-pro:latest");
        var cost = _calculator.Price(Session(Utc(11, 6, 0), machine), CostPeriod.MonthOf(Utc(11, 6, 0)), [], Utc(11, 6, 2));

        Assert.Equal(2 * 0.25m, cost.Compute);
    }

    [Fact]
    public void A_live_state_the_history_does_not_show_yet_counts_from_when_it_began()
    {
        var machine = Machine("m1", MachineState.Deallocated, Utc(11, 7, 3));
        var session = Session(Utc(11, 7, 0), machine);
        var history = new[] { Change(machine, MachineState.Creating, MachineState.Running, Utc(11, 7, 0)) };

        var cost = _calculator.Price(session, CostPeriod.MonthOf(Utc(11, 7, 0)), history, Utc(11, 7, 10));

        Assert.Equal(3 * D2Regular, cost.Compute);
        Assert.Equal(7 * 0.10m, cost.DisksWhileStopped);
    }

    [Fact]
    public void A_Spot_machine_evicted_under_the_Delete_policy_has_no_disk_left_to_pay()
    {
        var machine = Machine("w1", MachineState.Evicted, Utc(11, 8, 2), priority: MachinePriority.Spot, policy: EvictionPolicy.Delete);
        var session = Session(Utc(11, 8, 0), machine);
        var history = new[] { Change(machine, MachineState.Running, MachineState.Evicted, Utc(11, 8, 2)) };

        var cost = _calculator.Price(session, CostPeriod.MonthOf(Utc(11, 8, 0)), history, Utc(11, 8, 9));

        Assert.Equal(2 * D2Spot, cost.Compute);
        Assert.Equal(2 * 0.10m, cost.Disks);
        Assert.Equal(0m, cost.PerHourNow);
    }

    [Fact]
    public void Costs_add_up_per_student_with_unassigned_machines_last()
    {
        var session = Session(Utc(11, 9, 0),
            Machine("a1", MachineState.Running, Utc(11, 9, 0), student: "ana@demo.test"),
            Machine("a2", MachineState.Running, Utc(11, 9, 0), student: "ana@demo.test"),
            Machine("b1", MachineState.Running, Utc(11, 9, 0), student: "ben@demo.test"),
            Machine("free", MachineState.Running, Utc(11, 9, 0)));

        var students = _calculator.Price(session, CostPeriod.MonthOf(Utc(11, 9, 0)), [], Utc(11, 9, 1)).ByStudent();

        Assert.Equal(["ana@demo.test", "ben@demo.test", null], students.Select(s => s.Student));
        Assert.Equal(2 * D2Regular, students[0].Compute);
        Assert.Equal(2, students[0].Machines);
    }
}
