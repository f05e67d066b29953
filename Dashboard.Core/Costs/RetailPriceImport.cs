using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Core.Domain;

namespace Dashboard.Core.Costs;

/// <summary>
/// Turns pages of the Azure Retail Prices API (<c>api/retail/prices</c>, JSON with an <c>Items</c> array) into the
/// dashboard's price table: pay-as-you-go hourly VM prices (regular and Spot, Linux and Windows) and monthly managed-disk
/// prices. Reservations, savings plans, Low Priority and dev/test meters are left out.
/// </summary>
public static class RetailPriceImport
{
    public sealed record Result(PriceTableOptions Table, int ItemsRead, int ItemsKept, string? Currency);

    public static Result FromPages(IEnumerable<string> pages, string? source = null)
    {
        var machines = new Dictionary<(string, string, MachinePriority, PricedOs), MachinePrice>();
        var disks = new Dictionary<(string, string), DiskPrice>();
        var (read, currency) = (0, (string?)null);
        foreach (var page in pages)
        {
            var items = JsonNode.Parse(page)?["Items"]?.AsArray()
                ?? throw new FormatException("Not a Retail Prices API response: it has no Items array.");
            foreach (var item in items.OfType<JsonObject>())
            {
                read++;
                currency ??= Text(item, "currencyCode");
                if (AsMachine(item) is { } machine)
                    machines.TryAdd((machine.Size.ToLowerInvariant(), machine.Region, machine.Priority, machine.Os), machine);
                else if (AsDisk(item) is { } disk)
                    disks.TryAdd((disk.Tier, disk.Region), disk);
            }
        }

        var table = new PriceTableOptions
        {
            Currency = currency ?? "USD",
            Source = source,
            Machines = [.. machines.Values.OrderBy(m => m.Region).ThenBy(m => m.Size).ThenBy(m => m.Priority).ThenBy(m => m.Os)],
            Disks = [.. disks.Values.OrderBy(d => d.Region).ThenBy(d => d.Tier)],
        };
        return new Result(table, read, table.Machines.Count + table.Disks.Count, currency);
    }

    /// <summary>The table as a settings file: <c>{ "Prices": { ... } }</c>, loadable as configuration.</summary>
    public static string ToSettingsJson(PriceTableOptions table) =>
        JsonSerializer.Serialize(new Dictionary<string, PriceTableOptions> { [PriceTableOptions.Section] = table }, SettingsJson);

    private static readonly JsonSerializerOptions SettingsJson = new()
    {
        WriteIndented = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private static MachinePrice? AsMachine(JsonObject item)
    {
        var (sku, meter, product) = (Text(item, "skuName") ?? "", Text(item, "meterName") ?? "", Text(item, "productName") ?? "");
        if (Text(item, "serviceName") != "Virtual Machines" || !IsPayAsYouGo(item) || Text(item, "unitOfMeasure") != "1 Hour"
            || Text(item, "armSkuName") is not { Length: > 0 } size || Text(item, "armRegionName") is not { Length: > 0 } region
            || Contains(sku, "Low Priority") || Contains(meter, "Low Priority") || Contains(product, "Cloud Services"))
            return null;
        return new MachinePrice
        {
            Size = size,
            Region = region.ToLowerInvariant(),
            Priority = sku.EndsWith(" Spot", StringComparison.OrdinalIgnoreCase) || meter.EndsWith(" Spot", StringComparison.OrdinalIgnoreCase)
                ? MachinePriority.Spot
                : MachinePriority.Regular,
            Os = Contains(product, "Windows") ? PricedOs.Windows : PricedOs.Linux,
            PerHour = Price(item),
        };
    }

    // Meter names read like "P10 LRS Disk" or "E10 ZRS Disk": tier, redundancy, "Disk". The table has one price per tier,
    // so only LRS (a managed OS disk's default redundancy) is kept; ZRS would otherwise win or lose by item order.
    private static DiskPrice? AsDisk(JsonObject item)
    {
        var (product, meter) = (Text(item, "productName") ?? "", Text(item, "meterName") ?? "");
        if (Text(item, "serviceName") != "Storage" || !IsPayAsYouGo(item) || !Contains(product, "Managed Disks")
            || Text(item, "unitOfMeasure") != "1/Month" || !meter.EndsWith(" Disk", StringComparison.Ordinal)
            || Text(item, "armRegionName") is not { Length: > 0 } region)
            return null;
        var words = meter.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var isLocallyRedundant = words.Length == 2 || (words.Length == 3 && words[1].Equals("LRS", StringComparison.OrdinalIgnoreCase));
        var tier = words[0];
        return tier.Length is < 2 or > 4 || !isLocallyRedundant
            ? null
            : new DiskPrice { Tier = tier, Region = region.ToLowerInvariant(), PerMonth = Price(item) };
    }

    private static bool IsPayAsYouGo(JsonObject item) =>
        Text(item, "type") == "Consumption" && (item["tierMinimumUnits"]?.GetValue<double>() ?? 0) == 0;

    private static decimal Price(JsonObject item) =>
        decimal.Parse(item["retailPrice"]?.ToJsonString() ?? "0", NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string? Text(JsonObject item, string name) => item[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool Contains(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);
}
