using System.Globalization;
using CsvHelper;

namespace Dashboard.Core.Costs;

/// <summary>A session's costs as CSV, per machine or per student; amounts with invariant digits, hours to 0.01.</summary>
public static class CostCsv
{
    public static readonly string[] MachineColumns =
        ["session", "machine", "student", "size", "priority", "compute_hours", "disk_hours", "compute", "disks", "spot_saved", "total", "currency", "from", "to"];

    public static readonly string[] StudentColumns =
        ["session", "student", "machines", "compute_hours", "compute", "disks", "spot_saved", "total", "currency", "from", "to"];

    // Student e-mails were typed by people: a spreadsheet must never run one as a formula.
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };

    public static async Task WriteMachinesAsync(SessionCost cost, Stream destination, CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(destination, Options, leaveOpen: true);
        csv.WriteHeader(MachineColumns);
        foreach (var m in cost.Machines.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            await csv.WriteRecordAsync(
                [cost.SessionName, m.Name, m.Student, m.Size, m.Priority.ToString(), Hours(m.Hours.Compute), Hours(m.Hours.Disk),
                    m.HasPrice ? Amount(m.Compute) : null, Amount(m.Disks), Amount(m.SpotSaved), Amount(m.Total), cost.Currency, .. Period(cost)],
                cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    public static async Task WriteStudentsAsync(SessionCost cost, Stream destination, CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(destination, Options, leaveOpen: true);
        csv.WriteHeader(StudentColumns);
        foreach (var s in cost.ByStudent())
        {
            await csv.WriteRecordAsync(
                [cost.SessionName, s.Student, s.Machines.ToString(CultureInfo.InvariantCulture), Hours(s.ComputeHours),
                    Amount(s.Compute), Amount(s.Disks), Amount(s.SpotSaved), Amount(s.Total), cost.Currency, .. Period(cost)],
                cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    private static string[] Period(SessionCost cost) => [Audit.AuditCsv.FormatAt(cost.Period.Start), Audit.AuditCsv.FormatAt(cost.Period.End)];

    private static string Hours(double hours) => hours.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Amount(decimal amount) => Math.Round(amount, 2).ToString("0.00", CultureInfo.InvariantCulture);
}
