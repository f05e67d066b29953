using System.Globalization;
using CsvHelper;
using Dashboard.Core.Domain;

namespace Dashboard.Core.Audit;

/// <summary>The audit trail as CSV: at (ISO 8601 UTC), actor, action, session, machine, outcome, error.</summary>
public static class AuditCsv
{
    public static readonly string[] Columns = ["at", "actor", "action", "session", "machine", "outcome", "error"];

    // Actors are typed by whoever tries to sign in: a spreadsheet must never run one as a formula.
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };

    public static async Task WriteAsync(IAsyncEnumerable<ActionLogEntry> entries, Stream destination, CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(destination, Options, leaveOpen: true);
        csv.WriteHeader(Columns);
        await foreach (var e in entries.WithCancellation(cancellationToken))
        {
            await csv.WriteRecordAsync(
                [FormatAt(e.At), e.Actor, e.Action.ToString(), e.SessionName, e.MachineName, e.Outcome.ToString(), e.Error],
                cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    public static string FormatAt(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
