using System.Security.Claims;
using System.Text.Encodings.Web;
using Dashboard.Core.People;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Support;

/// <summary>
/// Lets a test client say who it is with two headers, so every surface (hub, HTTP endpoints) can be tried as each
/// role. Requests without the headers go through the real cookie sign-in, as browsers in the journeys do.
/// The authorization rules under test are the product's own.
/// </summary>
public static class TestAuthentication
{
    public const string UserHeader = "X-Test-User";
    public const string RolesHeader = "X-Test-Roles";
    private const string SchemeName = "Test";
    private const string Selector = "TestOrCookie";

    public static void Add(IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, HeaderHandler>(SchemeName, _ => { })
            .AddPolicyScheme(Selector, null, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(UserHeader) ? SchemeName : Dashboard.Api.ApiAuthentication.DefaultSelector);
        services.PostConfigure<AuthenticationOptions>(o => o.DefaultScheme = Selector);
    }

    public static void Apply(IDictionary<string, string> headers, string user, params string[] roles)
    {
        headers[UserHeader] = user;
        headers[RolesHeader] = string.Join(',', roles);
    }

    private sealed class HeaderHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var user = Request.Headers[UserHeader].ToString();
            var roles = Request.Headers[RolesHeader].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
            // Like the cookie, the principal names the account by id and carries its security stamp when one has that
            // name (so the account checks of open connections see a current sign-in); a name alone holds nothing.
            var users = Context.RequestServices.GetRequiredService<UserManager<DashboardUser>>();
            var account = await users.FindByNameAsync(user);
            var stampType = users.Options.ClaimsIdentity.SecurityStampClaimType;
            var identity = new ClaimsIdentity(
                [
                    new Claim(ClaimTypes.Name, user),
                    .. account is null ? [] : new[] { new Claim(ClaimTypes.NameIdentifier, account.Id) },
                    .. account?.SecurityStamp is { } stamp ? new[] { new Claim(stampType, stamp) } : [],
                    .. roles.Select(r => new Claim(ClaimTypes.Role, r)),
                ], SchemeName);
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
        }
    }
}
