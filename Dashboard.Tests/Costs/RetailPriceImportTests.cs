using Dashboard.Core.Costs;
using Dashboard.Core.Domain;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Costs;

public sealed class RetailPriceImportTests
{
    private static readonly string[] RecordedPages =
    [
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Costs", "retail-prices-westeurope-1.json")),
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Costs", "retail-prices-westeurope-2.json")),
    ];

    [Fact]
    public void A_recorded_response_gives_pay_as_you_go_regular_and_Spot_prices_and_leaves_the_rest_out()
    {
        var result = RetailPriceImport.FromPages(RecordedPages, "recorded");
        var prices = new PriceTable(Options.Create(result.Table));

        Assert.Equal(15, result.ItemsRead);
        Assert.Equal("USD", prices.Currency);
        Assert.Equal(0.096m, prices.PerHour("Standard_D2s_v5", "westeurope", MachinePriority.Regular));
        Assert.Equal(0.0192m, prices.PerHour("standard_d2s_v5", "WestEurope", MachinePriority.Spot));
        Assert.Equal(0.188m, prices.PerHour("Standard_D2s_v5", "westeurope", MachinePriority.Regular, PricedOs.Windows));
        Assert.Equal(0.21m, prices.PerHour("Standard_D4s_v5", "northeurope", MachinePriority.Regular));
        Assert.Equal(0.1536m, prices.SpotSavingPerHour("Standard_D4s_v5", "westeurope"));
        Assert.Null(prices.PerHour("Standard_B2s", "westeurope", MachinePriority.Spot));
        Assert.Equal(19.71m, prices.DiskPerMonth("westeurope"));
        Assert.Equal(9.6m, prices.DiskPerMonth("westeurope", "E10"));
        // Reservation, dev/test, Low Priority, Cloud Services and the disk-mount meter are not pay-as-you-go VM or disk prices.
        Assert.Equal(8, result.Table.Machines.Count);
        Assert.Equal(2, result.Table.Disks.Count);
    }

    [Fact]
    public void A_zone_redundant_disk_listed_first_does_not_take_the_place_of_the_locally_redundant_price()
    {
        var page = $$"""
            { "BillingCurrency": "USD", "Items": [
              {{DiskItem("P10 ZRS Disk", "P10 ZRS", 29.57m)}},
              {{DiskItem("P10 LRS Disk", "P10 LRS", 19.71m)}},
              {{DiskItem("E10 ZRS Disk", "E10 ZRS", 14.40m, "Standard SSD Managed Disks")}}
            ], "NextPageLink": null, "Count": 3 }
            """;

        var result = RetailPriceImport.FromPages([page]);
        var prices = new PriceTable(Options.Create(result.Table));

        Assert.Equal(19.71m, prices.DiskPerMonth("westeurope", "P10"));
        // No LRS price for E10 in this page: a ZRS price is not passed off as it.
        Assert.DoesNotContain(result.Table.Disks, d => d.Tier == "E10");
    }

    private static string DiskItem(string meterName, string skuName, decimal price, string productName = "Premium SSD Managed Disks") =>
        $$"""
        { "currencyCode": "USD", "tierMinimumUnits": 0.0, "retailPrice": {{Invariant(price)}}, "unitPrice": {{Invariant(price)}},
          "armRegionName": "westeurope", "location": "EU West", "meterName": "{{meterName}}", "productName": "{{productName}}",
          "skuName": "{{skuName}}", "serviceName": "Storage", "serviceFamily": "Storage", "unitOfMeasure": "1/Month",
          "type": "Consumption", "isPrimaryMeterRegion": true, "armSkuName": "" }
        """;

    private static string Invariant(decimal value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void The_imported_table_reads_back_as_settings()
    {
        var table = RetailPriceImport.FromPages(RecordedPages, "Azure Retail Prices API, westeurope").Table;
        var json = RetailPriceImport.ToSettingsJson(table);

        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build();
        var read = configuration.GetSection(PriceTableOptions.Section).Get<PriceTableOptions>()!;

        Assert.Equal(table.Machines, read.Machines);
        Assert.Equal(table.Disks, read.Disks);
        Assert.Equal("Azure Retail Prices API, westeurope", read.Source);
    }

    [Fact]
    public void A_file_that_is_not_a_prices_response_is_refused_in_plain_words()
    {
        var refused = Assert.Throws<FormatException>(() => RetailPriceImport.FromPages(["{\"value\": []}"]));
        Assert.Contains("Items", refused.Message, StringComparison.Ordinal);
    }
}
