using Dashboard.Core.Costs;
using Dashboard.Core.Domain;
using Dashboard.Setup;
using Dashboard.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Costs;

public sealed class PriceImportCommandTests
{
    private static string Recorded(int page) => Path.Combine(AppContext.BaseDirectory, "Costs", $"retail-prices-westeurope-{page}.json");

    [Fact]
    public void The_command_writes_a_settings_file_the_dashboard_reads_its_prices_from()
    {
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "prices.json");
        var output = new StringWriter();

        var exit = PriceImportCommand.Run(["import-prices", Recorded(1), Recorded(2), "--out", target], output);

        Assert.Equal(0, exit);
        Assert.Contains("kept 8 VM and 2 disk prices in USD", output.ToString(), StringComparison.Ordinal);
        var options = new ConfigurationBuilder().AddJsonFile(target).Build().GetSection(PriceTableOptions.Section).Get<PriceTableOptions>()!;
        Assert.Equal(0.0384m, new PriceTable(Options.Create(options)).PerHour("Standard_D4s_v5", "westeurope", MachinePriority.Spot));
    }

    [Fact]
    public void A_missing_or_foreign_file_is_reported_and_nothing_is_written()
    {
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "prices.json");
        var foreign = Path.Combine(folder.Path, "other.json");
        File.WriteAllText(foreign, "{\"value\": 1}");
        var output = new StringWriter();

        Assert.Equal(1, PriceImportCommand.Run(["import-prices", Path.Combine(folder.Path, "nope.json"), "--out", target], output));
        Assert.Equal(1, PriceImportCommand.Run(["import-prices", foreign, "--out", target], output));
        Assert.Equal(2, PriceImportCommand.Run(["import-prices"], output));

        Assert.Contains("No such file", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("no Items array", output.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }
}
