using Dashboard.Core.Domain;

namespace Dashboard.Core.People;

/// <summary>How an assignment change or a revocation ended, in words fit for a snackbar.</summary>
public sealed record RosterResult(ActionOutcome Outcome, string Message)
{
    public bool Succeeded => Outcome == ActionOutcome.Succeeded;
}

/// <summary>A new invitation, or why none was made.</summary>
public sealed record InvitationResult(ActionOutcome Outcome, string Message, Invitation? Invitation = null)
{
    public bool Succeeded => Outcome == ActionOutcome.Succeeded;
}

/// <summary>The roster as CSV, or why it may not be read.</summary>
public sealed record RosterExport(ActionOutcome Outcome, string Message, string? Csv = null)
{
    public bool Succeeded => Outcome == ActionOutcome.Succeeded;
}

public enum ClaimOutcome
{
    Claimed,

    /// <summary>The student already holds a machine of that session: claiming again changes nothing.</summary>
    AlreadyHeld,
    NotFound,
    Expired,
    Revoked,
    NoSeatsLeft,
    NoFreeMachine,
    SessionEnded,
}

/// <summary>What opening an invitation gave the student: a machine, or why not.</summary>
public sealed record ClaimResult(ClaimOutcome Outcome, string Message, string? MachineName = null)
{
    public bool Succeeded => Outcome is ClaimOutcome.Claimed or ClaimOutcome.AlreadyHeld;
}

/// <summary>What the invitation page shows whoever holds the link; <see cref="ClosedReason"/> says why it no longer works.</summary>
public sealed record InvitationStatus(string SessionName, int SeatsLeft, DateTimeOffset ExpiresAt, string? ClosedReason)
{
    public bool IsOpen => ClosedReason is null;

    /// <summary>The address a personal invitation was mailed to; null for an open link.</summary>
    public string? PersonalEmail { get; init; }

    public bool IsPersonal => PersonalEmail is not null;
}
