using Dashboard.Core.Domain;
using Dashboard.Core.Persistence;

namespace Dashboard.Account;

/// <summary>Records every sign-in attempt and sign-out in the audit trail.</summary>
public sealed class SignInAudit(SessionStore store, TimeProvider time)
{
    public Task RecordAsync(string who, string action, ActionOutcome outcome, string? error = null) =>
        store.LogAsync(new ActionLogEntry
        {
            At = time.GetUtcNow(),
            Actor = string.IsNullOrWhiteSpace(who) ? "(blank)" : Limit(who.Trim()),
            Action = action,
            Outcome = outcome,
            Error = error,
        }, CancellationToken.None);

    // What a visitor types as their e-mail is unbounded; the audit column is not.
    private static string Limit(string who) => who.Length <= MaxActorLength ? who : who[..(MaxActorLength - 1)] + "…";

    private const int MaxActorLength = 256;
}
