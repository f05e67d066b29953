using System.Security.Claims;
using Dashboard.Core.People;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashboard.Account;

/// <summary>Why a sign-in no longer stands for its account, or <see cref="Current"/>.</summary>
public enum Standing
{
    Current,
    Gone,
    LockedOut,
    Restamped,
}

/// <summary>
/// Whether a sign-in still stands for its account: the account exists, is not locked out, and still has the
/// security stamp it signed in with (a password or role change renews the stamp). Pages and the hub both ask here.
/// </summary>
public sealed class AccountStanding(UserManager<DashboardUser> users, IOptions<IdentityOptions> identity)
{
    /// <summary>The account id a dashboard sign-in carries; null for a principal that is not one of its accounts.</summary>
    public string? AccountIdOf(ClaimsPrincipal principal) => users.GetUserId(principal);

    public string? StampOf(ClaimsPrincipal principal) =>
        principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);

    public async Task<Standing> OfAsync(ClaimsPrincipal principal)
    {
        var id = AccountIdOf(principal);
        return id is null ? Standing.Gone : await OfAsync(id, StampOf(principal));
    }

    public async Task<Standing> OfAsync(string accountId, string? stamp)
    {
        var user = await users.FindByIdAsync(accountId);
        if (user is null)
            return Standing.Gone;
        // Only an admin's lock ends what is open: the few minutes' lockout after wrong passwords, which anyone can
        // cause by typing someone's address, only keeps new sign-ins out.
        if (IsLockedBySomeone(user))
            return Standing.LockedOut;
        return users.SupportsUserSecurityStamp && stamp != await users.GetSecurityStampAsync(user) ? Standing.Restamped : Standing.Current;
    }

    /// <summary>
    /// Locked for longer than wrong passwords lock an account: by an admin (<see cref="AccountAdministration.LockAsync"/>
    /// locks for good) or by an operator in the database.
    /// </summary>
    private bool IsLockedBySomeone(DashboardUser user) =>
        user.LockoutEnd is { } end && end - DateTimeOffset.UtcNow > identity.Value.Lockout.DefaultLockoutTimeSpan + TimeSpan.FromMinutes(1);

    public static string Describe(Standing standing) => standing switch
    {
        Standing.Gone => "the account was deleted",
        Standing.LockedOut => "the account is locked",
        Standing.Restamped => "the account's roles or password changed",
        _ => "the account is current",
    };
}
