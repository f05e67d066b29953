using Dashboard.Core.Actions;
using Dashboard.Core.Domain;

namespace Dashboard.Api;

/// <summary>How one machine action ended.</summary>
public sealed record ActionResponse(ActionOutcome Outcome, string Message, ConnectionDetails? Connection);

public sealed record MachineProblem(string Machine, string Reason);

/// <summary>How a batch ended, machine by machine: nothing is skipped silently.</summary>
public sealed record BatchResponse(BatchAction Action, IReadOnlyList<string> Succeeded, IReadOnlyList<MachineProblem> Failed,
    IReadOnlyList<MachineProblem> Skipped, string Summary)
{
    public static BatchResponse From(BatchResult result) => new(result.Action, result.Succeeded,
        [.. result.Failed.Select(f => new MachineProblem(f.Machine, f.Error))],
        [.. result.Skipped.Select(s => new MachineProblem(s.Machine, s.Reason))], result.Summary);
}

/// <summary>Which coming automatic stop to postpone or skip: one machine's, or (null) every machine's of the session.</summary>
public sealed record StopChange(Guid? MachineId, int Minutes = 30);

/// <summary>One page of the audit trail, newest first.</summary>
public sealed record AuditPageResponse(IReadOnlyList<ActionLogEntry> Entries, int Total, int Skip, int Take);
