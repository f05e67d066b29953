using Dashboard.Account;
using Dashboard.Core.Audit;
using Dashboard.Core.Domain;
using Microsoft.Extensions.Options;

namespace Dashboard.Hubs;

/// <summary>
/// A hub connection is signed in once, when it opens, and may then stay open for days. Every
/// <c>Accounts:RecheckSeconds</c> this checks each distinct account behind the open connections (once per account and
/// stamp, however many connections it has, never per message) and closes the connections of accounts that were
/// deleted, locked out or re-stamped by a role or password change.
/// </summary>
public sealed partial class HubAccountMonitor(
    HubWatchers watchers,
    IServiceScopeFactory scopes,
    IOptions<AccountRecheckOptions> options,
    TimeProvider time,
    ILogger<HubAccountMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RecheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await CheckOnceAsync();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A failed check (the database away for a moment) is tried again next time; it never stops the host.
                    LogCheckFailed(ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Checks every account with an open connection once and closes the connections that no longer stand.</summary>
    public async Task CheckOnceAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var standing = scope.ServiceProvider.GetRequiredService<AccountStanding>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        // Connections signed in some other way than with a dashboard account carry no account id: nothing to check.
        var byAccount = watchers.All
            .Select(w => (Watcher: w, Account: standing.AccountIdOf(w.Principal), Stamp: standing.StampOf(w.Principal)))
            .Where(w => w.Account is not null)
            .GroupBy(w => (w.Account!, w.Stamp));
        foreach (var group in byAccount)
        {
            var verdict = await standing.OfAsync(group.Key.Item1, group.Key.Stamp);
            if (verdict == Standing.Current)
                continue;
            var ended = group.Select(g => g.Watcher).ToList();
            foreach (var watcher in ended)
                watcher.Abort();
            var who = ended[0].Viewer.Name;
            var why = AccountStanding.Describe(verdict);
            LogEnded(ended.Count, who, why);
            await audit.RecordAsync(who, AuditAction.EndConnection, ActionOutcome.Succeeded,
                detail: $"{ended.Count} hub connection(s) closed: {why}.");
        }
    }

    [LoggerMessage(LogLevel.Information, "Closed {Count} hub connection(s) of {User}: {Reason}")]
    private partial void LogEnded(int count, string user, string reason);

    [LoggerMessage(LogLevel.Warning, "Checking the accounts of hub connections failed; trying again at the next interval")]
    private partial void LogCheckFailed(Exception exception);
}
