using Dashboard.Core.Domain;
using CsvHelper;

namespace Dashboard.Core.People;

public sealed partial class Roster
{
    /// <summary>The pool's roster as CSV (machine, role, state, student), from the live view.</summary>
    public async Task<RosterExport> RosterCsvAsync(Viewer viewer, Guid sessionId)
    {
        const AuditAction action = AuditAction.ExportRoster;
        var session = monitor.FindSession(sessionId);
        if (RefusalFor(viewer, session) is { } refusal)
        {
            await LogAsync(viewer.Name, action, session?.Name, null, ActionOutcome.Refused, refusal);
            return new RosterExport(ActionOutcome.Refused, refusal);
        }

        await using var text = new StringWriter();
        // A student's e-mail is typed by people: a leading '=' must not run as a formula in a spreadsheet.
        var options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };
        await using (var csv = CsvWriter.Create(text, options, leaveOpen: true))
        {
            csv.WriteHeader(["machine", "role", "state", "student"]);
            foreach (var machine in session!.Machines.OrderBy(m => m.Role).ThenBy(m => m.Ordinal))
                csv.WriteRecord([machine.Name, DisplayText.Of(machine.Role), DisplayText.Of(machine.State), machine.AssignedUser ?? ""]);
            await csv.FlushAsync();
        }

        await LogAsync(viewer.Name, action, session.Name, null, ActionOutcome.Succeeded, null);
        return new RosterExport(ActionOutcome.Succeeded, $"Roster of {session.Name}.", text.ToString());
    }
}
