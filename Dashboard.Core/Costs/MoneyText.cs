using System.Globalization;

namespace Dashboard.Core.Costs;

/// <summary>Money as every page and message writes it: "1,234.56 USD", the same digits whatever the server's culture.</summary>
public static class MoneyText
{
    public static string Of(decimal amount, string currency) =>
        $"{amount.ToString("#,0.00", CultureInfo.InvariantCulture)} {currency}";
}
