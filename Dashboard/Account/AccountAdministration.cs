using Dashboard.Core.Audit;
using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Account;

/// <summary>One account as the accounts page lists it.</summary>
public sealed record AccountRow(string Id, string Email, IReadOnlyList<string> Roles, DateTimeOffset? LockedUntil)
{
    public bool IsLocked(DateTimeOffset now) => LockedUntil is { } until && until > now;
}

/// <summary>What an account change did, in words for the person who asked.</summary>
public sealed record AccountChange(bool Succeeded, string Message);

/// <summary>
/// People and roles, for admins: list accounts, change roles, lock and unlock. Every call asks
/// <see cref="AccessPolicy.CanManageAccounts"/> itself and lands in the audit trail. A role change or a lock renews the
/// account's security stamp, so its open pages and hub connections end at their next check.
/// </summary>
public sealed class AccountAdministration(UserManager<DashboardUser> users, AuditLog audit, TimeProvider time)
{
    private const string NotAllowed = "Only admins can manage accounts.";

    public async Task<IReadOnlyList<AccountRow>> ListAsync(Viewer viewer)
    {
        if (!AccessPolicy.CanManageAccounts(viewer))
            return [];
        var accounts = await users.Users.OrderBy(u => u.Email).ToListAsync();
        var rows = new List<AccountRow>(accounts.Count);
        foreach (var account in accounts)
            rows.Add(new AccountRow(account.Id, account.Email ?? account.UserName ?? "", [.. (await users.GetRolesAsync(account)).Order()], account.LockoutEnd));
        return rows;
    }

    public async Task<AccountChange> SetRolesAsync(Viewer viewer, string accountId, IReadOnlyCollection<string> roles)
    {
        var wanted = roles.Intersect(Roles.All, StringComparer.Ordinal).ToList();
        var (account, refusal) = await FindAsync(viewer, accountId, AuditAction.ChangeRoles);
        if (account is null)
            return refusal!;
        var email = account.Email ?? "";
        var current = await users.GetRolesAsync(account);
        if (current.Contains(Roles.Admin) && !wanted.Contains(Roles.Admin) && await IsLastAdminAsync())
            return await RefuseAsync(viewer, AuditAction.ChangeRoles, email, $"{email} is the last admin: make someone else an admin first.");

        var removed = current.Except(wanted, StringComparer.Ordinal).ToList();
        var added = wanted.Except(current, StringComparer.Ordinal).ToList();
        if (removed.Count == 0 && added.Count == 0)
            return new AccountChange(true, $"{email} already has these roles.");
        if (removed.Count > 0)
            Check(await users.RemoveFromRolesAsync(account, removed));
        if (added.Count > 0)
            Check(await users.AddToRolesAsync(account, added));
        // Open pages and hub connections still hold the old roles: a new stamp ends them at their next check.
        Check(await users.UpdateSecurityStampAsync(account));
        var now = wanted.Count == 0 ? "no role" : string.Join(", ", wanted);
        await audit.RecordAsync(viewer.Name, AuditAction.ChangeRoles, ActionOutcome.Succeeded, detail: $"{email}: {now}");
        return new AccountChange(true, $"{email} now has {now}.");
    }

    public async Task<AccountChange> LockAsync(Viewer viewer, string accountId)
    {
        var (account, refusal) = await FindAsync(viewer, accountId, AuditAction.LockAccount);
        if (account is null)
            return refusal!;
        var email = account.Email ?? "";
        if (viewer.IsNamed(email))
            return await RefuseAsync(viewer, AuditAction.LockAccount, email, "You cannot lock your own account.");
        Check(await users.SetLockoutEnabledAsync(account, true));
        Check(await users.SetLockoutEndDateAsync(account, DateTimeOffset.MaxValue));
        Check(await users.UpdateSecurityStampAsync(account));
        await audit.RecordAsync(viewer.Name, AuditAction.LockAccount, ActionOutcome.Succeeded, detail: email);
        return new AccountChange(true, $"{email} is locked: their open pages and hub connections end at their next check.");
    }

    public async Task<AccountChange> UnlockAsync(Viewer viewer, string accountId)
    {
        var (account, refusal) = await FindAsync(viewer, accountId, AuditAction.UnlockAccount);
        if (account is null)
            return refusal!;
        var email = account.Email ?? "";
        Check(await users.SetLockoutEndDateAsync(account, null));
        Check(await users.ResetAccessFailedCountAsync(account));
        await audit.RecordAsync(viewer.Name, AuditAction.UnlockAccount, ActionOutcome.Succeeded, detail: email);
        return new AccountChange(true, $"{email} can sign in again.");
    }

    public DateTimeOffset Now => time.GetUtcNow();

    private async Task<(DashboardUser? Account, AccountChange? Refusal)> FindAsync(Viewer viewer, string accountId, AuditAction action)
    {
        if (!AccessPolicy.CanManageAccounts(viewer))
            return (null, await RefuseAsync(viewer, action, null, NotAllowed));
        var account = await users.FindByIdAsync(accountId);
        return account is null ? (null, await RefuseAsync(viewer, action, null, "That account no longer exists.")) : (account, null);
    }

    private async Task<bool> IsLastAdminAsync() => (await users.GetUsersInRoleAsync(Roles.Admin)).Count <= 1;

    private async Task<AccountChange> RefuseAsync(Viewer viewer, AuditAction action, string? email, string reason)
    {
        await audit.RecordAsync(viewer.Name, action, ActionOutcome.Refused, detail: email is null ? reason : $"{email}: {reason}");
        return new AccountChange(false, reason);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
