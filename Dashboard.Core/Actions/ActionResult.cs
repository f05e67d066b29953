using Dashboard.Core.Domain;

namespace Dashboard.Core.Actions;

/// <summary>How a command ended, in words fit for a snackbar.</summary>
public sealed record ActionResult(ActionOutcome Outcome, string Message, ConnectionDetails? Connection = null)
{
    public bool Succeeded => Outcome == ActionOutcome.Succeeded;
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
            var verb = Action == BatchAction.StopAll ? "stopped" : "deleted";
            var text = $"{Succeeded.Count} {verb}";
            if (Failed.Count > 0)
                text += $", {Failed.Count} failed ({string.Join("; ", Failed.Select(f => $"{f.Machine}: {f.Error}"))})";
            if (Skipped.Count > 0)
                text += $", {Skipped.Count} skipped ({string.Join(", ", Skipped.Select(s => s.Machine))})";
            return text + ".";
        }
    }
}

/// <summary>How to reach a machine; the full Connect flow builds on this.</summary>
public sealed record ConnectionDetails(string Host, string SshCommand, string? BrowserUrl);
