using System.Security.Claims;
using Dashboard.Core.Audit;
using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Setup;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashboard.Account;

/// <summary>The account an identity provider's sign-in stands for, or why it stands for none.</summary>
public sealed record ExternalSignInResult(DashboardUser? User, ExternalSignInRefusal? Refusal);

/// <summary>
/// Decides which local account a provider's sign-in opens. A login is known by provider and subject; an e-mail
/// address alone opens an existing account only when the provider vouches for it (<c>email_verified</c>) and never
/// an Admin's or Instructor's, since whoever controls the provider's e-mail field would otherwise get their rights.
/// The provider's roles replace the account's at every sign-in, and lockout applies as it does to passwords.
/// </summary>
public sealed class ExternalSignIn(UserManager<DashboardUser> users, AuditLog audit, IOptions<OidcOptions> oidc)
{
    private static readonly string[] Staff = [Roles.Admin, Roles.Instructor];

    public async Task<ExternalSignInResult> ResolveAsync(ExternalLoginInfo info)
    {
        var email = EmailOf(info.Principal);
        var actor = email ?? $"{info.LoginProvider}:{info.ProviderKey}";
        var user = await users.FindByLoginAsync(info.LoginProvider, info.ProviderKey);
        if (user is null)
        {
            if (email is null)
                return await RefuseAsync(actor, AuditAction.SignIn, ExternalSignInRefusal.NoEmail, "The identity provider sent no e-mail address.");
            var (found, refusal) = await FindOrCreateAsync(info, email);
            if (refusal is not null)
                return new ExternalSignInResult(null, refusal);
            user = found!;
        }

        if (await users.IsLockedOutAsync(user))
            return await RefuseAsync(user.Email ?? actor, AuditAction.SignIn, ExternalSignInRefusal.LockedOut, $"locked out (via {info.ProviderDisplayName})");
        await ReplaceRolesAsync(user, info.Principal);
        return new ExternalSignInResult(user, null);
    }

    private async Task<(DashboardUser? User, ExternalSignInRefusal? Refusal)> FindOrCreateAsync(ExternalLoginInfo info, string email)
    {
        var existing = await users.FindByEmailAsync(email);
        if (existing is null)
            return (await CreateAsync(info, email), null);

        if (!IsVerified(info.Principal))
            return (null, (await RefuseAsync(email, AuditAction.LinkLogin, ExternalSignInRefusal.UsePassword,
                $"{info.ProviderDisplayName} did not say the e-mail address is verified.")).Refusal);
        var roles = await users.GetRolesAsync(existing);
        if (roles.Intersect(Staff).FirstOrDefault() is { } role)
            return (null, (await RefuseAsync(email, AuditAction.LinkLogin, ExternalSignInRefusal.UsePassword,
                $"{info.ProviderDisplayName} may not take over an {role} account by its e-mail address.")).Refusal);
        if (await users.IsLockedOutAsync(existing))
            return (null, (await RefuseAsync(email, AuditAction.LinkLogin, ExternalSignInRefusal.LockedOut, "locked out")).Refusal);

        Check(await users.AddLoginAsync(existing, info));
        await audit.RecordAsync(email, AuditAction.LinkLogin, ActionOutcome.Succeeded, detail: $"{info.ProviderDisplayName} subject {info.ProviderKey}");
        return (existing, null);
    }

    private async Task<DashboardUser> CreateAsync(ExternalLoginInfo info, string email)
    {
        var user = new DashboardUser { UserName = email, Email = email, EmailConfirmed = IsVerified(info.Principal) };
        Check(await users.CreateAsync(user));
        Check(await users.AddLoginAsync(user, info));
        await audit.RecordAsync(email, AuditAction.SignUp, ActionOutcome.Succeeded, detail: $"via {info.ProviderDisplayName}");
        return user;
    }

    /// <summary>The provider is the authority on roles for its accounts: what it names now is all the account has.</summary>
    private async Task ReplaceRolesAsync(DashboardUser user, ClaimsPrincipal principal)
    {
        var named = principal.FindAll(oidc.Value.RoleClaim).Select(c => c.Value).Intersect(Roles.All, StringComparer.Ordinal).ToList();
        var wanted = named.Count > 0 ? named : [Roles.Student];
        var current = await users.GetRolesAsync(user);
        var removed = current.Except(wanted, StringComparer.Ordinal).ToList();
        var added = wanted.Except(current, StringComparer.Ordinal).ToList();
        if (removed.Count == 0 && added.Count == 0)
            return;
        if (removed.Count > 0)
            Check(await users.RemoveFromRolesAsync(user, removed));
        if (added.Count > 0)
            Check(await users.AddToRolesAsync(user, added));
        // Other sign-ins of this account still carry the old roles: a new stamp ends them.
        Check(await users.UpdateSecurityStampAsync(user));
        await audit.RecordAsync(user.Email ?? "", AuditAction.ChangeRoles, ActionOutcome.Succeeded,
            detail: $"from the identity provider: {string.Join(", ", wanted)} (was {(current.Count == 0 ? "none" : string.Join(", ", current))})");
    }

    private async Task<ExternalSignInResult> RefuseAsync(string actor, AuditAction action, ExternalSignInRefusal refusal, string detail)
    {
        await audit.RecordAsync(actor, action, action == AuditAction.SignIn ? ActionOutcome.Failed : ActionOutcome.Refused, detail: detail);
        return new ExternalSignInResult(null, refusal);
    }

    private static string? EmailOf(ClaimsPrincipal principal) =>
        (principal.FindFirstValue("email") ?? principal.FindFirstValue(ClaimTypes.Email)) is { } email && !string.IsNullOrWhiteSpace(email)
            ? email.Trim() : null;

    private static bool IsVerified(ClaimsPrincipal principal) =>
        bool.TryParse(principal.FindFirstValue("email_verified"), out var verified) && verified;

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
