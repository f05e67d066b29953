using Dashboard.Core.Domain;

namespace Dashboard.Core.Actions;

/// <summary>How a command ended, in words fit for a snackbar.</summary>
public sealed record ActionResult(ActionOutcome Outcome, string Message, ConnectionDetails? Connection = null)
{
    public bool Succeeded => Outcome == ActionOutcome.Succeeded;

    /// <summary>Why the command did not run, when it did not; HTTP endpoints answer 404, 403 or 409 from it.</summary>
    public ActionDenial? Denial { get; init; }
}

/// <summary>Why a command was not run at all.</summary>
public enum ActionDenial
{
    /// <summary>No such machine (any more).</summary>
    NotFound,

    /// <summary>The access policy refuses this person.</summary>
    NotAllowed,

    /// <summary>The machine's state (or a command still running on it) forbids the action now.</summary>
    InvalidState,
}

/// <summary>The per-machine outcome of Stop All / Terminate All: nothing is skipped silently.</summary>
public sealed record BatchResult(
    BatchAction Action,
    IReadOnlyList<string> Succeeded,
    IReadOnlyList<(string Machine, string Error)> Failed,
    IReadOnlyList<(string Machine, string Reason)> Skipped,
    string? Refused = null)
{
    /// <summary>Nothing ran: the person may not run batch actions on this session.</summary>
    public static BatchResult RefusedWith(BatchAction action, string reason) => new(action, [], [], [], reason);

    public string Summary
    {
        get
        {
            if (Refused is not null)
                return Refused;
            var verb = Action switch { BatchAction.StopAll => "stopped", BatchAction.StartAll => "started", _ => "deleted" };
            var text = $"{Succeeded.Count} {verb}";
            if (Failed.Count > 0)
                text += $", {Failed.Count} failed ({string.Join("; ", Failed.Select(f => $"{f.Machine}: {f.Error}"))})";
            if (Skipped.Count > 0)
                text += $", {Skipped.Count} skipped ({string.Join(", ", Skipped.Select(s => s.Machine))})";
            return text + ".";
        }
    }
}
