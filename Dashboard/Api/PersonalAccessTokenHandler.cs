using System.Security.Claims;
using System.Text.Encodings.Web;
using Dashboard.Core.Api;
using Dashboard.Core.People;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashboard.Api;

/// <summary>
/// Signs a request in with a personal access token (<c>Authorization: Bearer dpat_…</c>; on the hub path also the
/// <c>access_token</c> query value SignalR's WebSocket transport sends). The principal carries the owner's
/// <em>current</em> account and roles, read at every request: a locked or deleted account is refused, a removed
/// role is gone at once.
/// </summary>
public sealed class PersonalAccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AccessTokens tokens, UserManager<DashboardUser> users, IOptions<IdentityOptions> identity)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (ApiAuthentication.BearerTokenOf(Request) is not { } secret || !secret.StartsWith(AccessTokens.Prefix, StringComparison.Ordinal))
            return AuthenticateResult.NoResult();
        var token = await tokens.FindUsableAsync(secret, Context.RequestAborted);
        if (token is null)
            return AuthenticateResult.Fail("The token is unknown, expired or revoked.");
        var user = await users.FindByIdAsync(token.OwnerId);
        if (user is null || await users.IsLockedOutAsync(user))
            return AuthenticateResult.Fail("The token's account is deleted or locked.");

        var roles = await users.GetRolesAsync(user);
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, user.UserName ?? ""),
            new(ClaimTypes.NameIdentifier, user.Id),
            new(ApiScopes.TokenIdClaim, token.Id.ToString()),
            // The hub's account recheck compares it, as it does for cookies: a role change closes the connection.
            new(identity.Value.ClaimsIdentity.SecurityStampClaimType, await users.GetSecurityStampAsync(user)),
        };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(token.ScopeList.Select(s => new Claim(ApiScopes.Claim, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => ApiProblems.UnauthorizedAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => ApiProblems.ForbiddenAsync(Context);
}
