using Dashboard.Core.Domain;

namespace Dashboard.Core.People;

/// <summary>The roster's words, in one place so pages, tests and the audit trail say the same thing.</summary>
public static class RosterMessages
{
    public const string NotAllowed = "Only the session's instructor or an admin can manage its people.";
    public const string NoSession = "That session no longer exists.";
    public const string NoMachine = "That machine no longer exists.";
    public const string BadEmail = "Enter the student's e-mail address, e.g. ada@example.org.";
    public const string NotFound = "This invitation link is not valid: check that you copied all of it.";
    public const string Revoked = "This invitation was withdrawn: ask your instructor for a new link.";
    public const string Expired = "This invitation has expired: ask your instructor for a new link.";
    public const string NoSeatsLeft = "Every seat of this invitation is taken: ask your instructor.";
    public const string NoFreeMachine = "All machines of this pool are taken: ask your instructor.";
    public const string SessionEnded = "This session has ended.";
    public const string PersonalUsed = "This personal invitation was already used: sign in to reach your machine.";
    public const string PersonalNotOpen = "This link is a personal invitation: open it from the mail it came in.";
    public const string NothingPending = "Nothing is set aside for this address any more: ask your instructor.";

    public static string OtherAddress(string invited) =>
        $"This invitation was mailed to {invited}: sign out, then open the link again to use it.";

    public static string OnlyPools(SessionView session) =>
        $"Invitations are for Machine Pool sessions: {session.Name} is a {DisplayText.Of(session.Kind)}.";

    public static string Seats(int max) => $"Seats must be between 1 and {max}.";

    public const string Expiry = "An invitation must be valid for at least 1 hour and at most 30 days.";

    /// <summary>Why a link no longer gives out machines, or null while it does.</summary>
    public static string? ClosedReason(Invitation invitation, DateTimeOffset now) =>
        invitation.Revoked ? Revoked
        : now >= invitation.ExpiresAt ? Expired
        : invitation.SeatsUsed >= invitation.Seats ? (invitation.IsPersonal ? PersonalUsed : NoSeatsLeft)
        : null;
}
