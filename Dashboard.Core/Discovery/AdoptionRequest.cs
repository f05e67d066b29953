using Dashboard.Core.Domain;

namespace Dashboard.Core.Discovery;

/// <summary>Discovered machines (by cloud id) to adopt into a session; a new session gets <see cref="Owner"/>.</summary>
public sealed record AdoptionRequest(IReadOnlyList<string> CloudIds, string SessionName, string Owner);

public sealed record AdoptionResult(ActionOutcome Outcome, string Message, SessionView? Session = null)
{
    public bool Succeeded => Outcome == ActionOutcome.Succeeded;
}
