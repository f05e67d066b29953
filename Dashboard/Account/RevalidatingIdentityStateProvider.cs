using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace Dashboard.Account;

/// <summary>
/// A live page keeps its sign-in for as long as the browser stays connected. Every <c>Accounts:RecheckSeconds</c>
/// this checks the person again, so a deleted, locked-out or re-stamped account (password or role change) loses its
/// open pages too: the page falls back to the sign-in screen.
/// </summary>
internal sealed class RevalidatingIdentityStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopes,
    IOptions<AccountRecheckOptions> recheck)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => recheck.Value.RecheckInterval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        IsStillValidAsync(authenticationState.User);

    internal async Task<bool> IsStillValidAsync(ClaimsPrincipal principal)
    {
        await using var scope = scopes.CreateAsyncScope();
        var standing = scope.ServiceProvider.GetRequiredService<AccountStanding>();
        return await standing.OfAsync(principal) == Standing.Current;
    }
}
