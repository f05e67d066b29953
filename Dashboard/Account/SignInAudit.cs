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
            Actor = string.IsNullOrWhiteSpace(who) ? "(blank)" : who.Trim(),
            Action = action,
            Outcome = outcome,
            Error = error,
        }, CancellationToken.None);
}
