namespace Dashboard.Core.ClassTime;

/// <summary>What changed in a ledger: accounts and runs as they are now, and runs that ended.</summary>
public sealed record QuotaChange(IReadOnlyList<QuotaAccount> Accounts, IReadOnlyList<QuotaRun> Runs, IReadOnlyList<Guid> Ended);

/// <summary>
/// Every server keeps the same hours: a student's start on one server opens a run that the polling server counts and
/// stops, and what that server counted shows on the others' pages (and is what they refuse a start by).
/// </summary>
public sealed partial class QuotaLedger
{
    /// <summary>Raised (under the ledger's lock; handlers must not block) with what changed on this server.</summary>
    internal event Action<QuotaChange>? ChangedHere;

    /// <summary>Takes what a peer's ledger changed. Marked to be saved here too, so a server that takes over saves it.</summary>
    internal void ApplyPeer(QuotaChange change)
    {
        lock (_gate)
        {
            foreach (var account in change.Accounts)
            {
                var mine = AccountOf(account.SessionId, account.UserId, account.Email);
                mine.UsedHours = account.UsedHours;
                mine.ExtraHours = account.ExtraHours;
                // One row per student and session, whichever server made it first.
                mine.Id = account.Id;
            }

            foreach (var run in change.Runs)
            {
                Untrack(run.MachineId);
                Track(run);
                _endedRuns.Remove(run.MachineId);
            }

            foreach (var machineId in change.Ended)
            {
                if (Untrack(machineId))
                    _endedRuns.Add(machineId);
            }

            // A run opened elsewhere is saved by whichever server counts it.
            foreach (var run in change.Runs)
                _dirtyRuns.Add(run.MachineId);
        }
    }

    private void Tell(List<QuotaAccount> accounts, List<QuotaRun> runs, List<Guid> ended)
    {
        if (accounts.Count + runs.Count + ended.Count > 0)
            ChangedHere?.Invoke(new QuotaChange(accounts, runs, ended));
    }
}
