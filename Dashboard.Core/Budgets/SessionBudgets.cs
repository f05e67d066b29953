using Dashboard.Core.Audit;
using Dashboard.Core.Costs;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;

namespace Dashboard.Core.Budgets;

public sealed record BudgetChange(bool Succeeded, string Message, bool NotFound = false);

/// <summary>Sets a session's budget: the owning instructor or an admin, asked through the one access policy, and audited.</summary>
public sealed class SessionBudgets(SessionMonitor monitor, AuditLog audit, PriceTable prices)
{
    public const decimal Largest = 10_000_000m;

    /// <summary>Sets the monthly budget (null removes it); a new budget may warn and stop again this month.</summary>
    public async Task<BudgetChange> SetAsync(Guid sessionId, decimal? amount, Viewer viewer)
    {
        if (monitor.FindSession(sessionId) is not { } session)
            return new BudgetChange(false, "That session no longer exists.", NotFound: true);
        if (AccessPolicy.CanSetBudget(viewer, session) is { Allowed: false } refused)
        {
            await audit.RecordAsync(viewer.Name, AuditAction.SetBudget, ActionOutcome.Refused, session.Name, detail: refused.Reason);
            return new BudgetChange(false, refused.Reason!);
        }

        if (amount is <= 0 or > Largest)
            return new BudgetChange(false, $"A budget is more than 0 and at most {Format(Largest)}; leave it empty for none.");
        amount = amount is { } a ? Math.Round(a, 2) : null;
        await monitor.SetBudgetAsync(session.Id, amount);
        var message = amount is { } set ? $"Budget of {session.Name}: {Format(set)} a month." : $"{session.Name} has no budget now.";
        await audit.RecordAsync(viewer.Name, AuditAction.SetBudget, ActionOutcome.Succeeded, session.Name, detail: message);
        return new BudgetChange(true, message);
    }

    public string Format(decimal amount) => MoneyText.Of(amount, prices.Currency);
}
