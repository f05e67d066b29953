using Dashboard.Core.Costs;

namespace Dashboard.Setup;

/// <summary>
/// <c>dotnet run --project Dashboard -- import-prices page1.json [page2.json …] [--out prices.json]</c>: fills the price
/// table from saved responses of the Azure Retail Prices API. The dashboard reads <c>prices.json</c> from its folder.
/// </summary>
public static class PriceImportCommand
{
    public const string Name = "import-prices";
    public const string DefaultFile = "prices.json";

    public static bool Matches(string[] args) => args.Length > 0 && args[0] == Name;

    public static int Run(string[] args, TextWriter output)
    {
        var files = new List<string>();
        var target = DefaultFile;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--out" && i + 1 < args.Length)
                target = args[++i];
            else
                files.Add(args[i]);
        }

        if (files.Count == 0)
        {
            output.WriteLine($"Usage: {Name} <response.json> [more pages…] [--out {DefaultFile}]");
            return 2;
        }

        if (files.FirstOrDefault(f => !File.Exists(f)) is { } missing)
        {
            output.WriteLine($"No such file: {missing}");
            return 1;
        }

        try
        {
            var result = RetailPriceImport.FromPages(files.Select(File.ReadAllText), $"Azure Retail Prices API ({string.Join(", ", files.Select(Path.GetFileName))})");
            File.WriteAllText(target, RetailPriceImport.ToSettingsJson(result.Table));
            output.WriteLine($"Read {result.ItemsRead} prices, kept {result.Table.Machines.Count} VM and {result.Table.Disks.Count} disk prices in {result.Table.Currency}; wrote {Path.GetFullPath(target)}.");
            return 0;
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException)
        {
            output.WriteLine($"Could not read the prices: {ex.Message}");
            return 1;
        }
    }
}
