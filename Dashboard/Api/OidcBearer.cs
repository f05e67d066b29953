using System.Security.Claims;
using Dashboard.Core.People;
using Dashboard.Setup;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Api;

/// <summary>
/// An identity provider's access tokens on the API: validated against <c>Authentication:Oidc:Authority</c> and
/// <c>Audience</c>, then mapped onto the local account the provider's subject signed in as before (provider +
/// subject, as the interactive sign-in knows it). No such account, or a locked one: refused. Roles come from the
/// token's role claim, as at an interactive sign-in.
/// </summary>
public static class OidcBearer
{
    public static void Add(AuthenticationBuilder authentication, OidcOptions oidc)
    {
        authentication.AddJwtBearer(ApiAuthentication.OidcBearerScheme, o =>
        {
            o.Authority = oidc.Authority;
            o.Audience = string.IsNullOrWhiteSpace(oidc.Audience) ? oidc.ClientId : oidc.Audience;
            o.RequireHttpsMetadata = oidc.RequiresHttpsMetadata;
            o.MapInboundClaims = false;
            o.Events = new JwtBearerEvents
            {
                OnTokenValidated = MapToAccountAsync,
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    await ApiProblems.UnauthorizedAsync(context.HttpContext);
                },
                OnForbidden = context => ApiProblems.ForbiddenAsync(context.HttpContext),
            };
        });
    }

    private static async Task MapToAccountAsync(TokenValidatedContext context)
    {
        var subject = context.Principal?.FindFirstValue("sub");
        var users = context.HttpContext.RequestServices.GetRequiredService<UserManager<DashboardUser>>();
        var user = subject is null ? null : await users.FindByLoginAsync(OidcOptions.Scheme, subject);
        if (user is null || await users.IsLockedOutAsync(user))
        {
            context.Fail("No usable dashboard account signed in with this subject.");
            return;
        }

        var roleClaim = context.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<OidcOptions>>().Value.RoleClaim;
        var named = context.Principal!.FindAll(roleClaim).Select(c => c.Value).Intersect(Roles.All, StringComparer.Ordinal).ToList();
        var claims = new List<Claim> { new(ClaimTypes.Name, user.UserName ?? ""), new(ClaimTypes.NameIdentifier, user.Id) };
        claims.AddRange((named.Count > 0 ? named : [Roles.Student]).Select(r => new Claim(ClaimTypes.Role, r)));
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(claims, ApiAuthentication.OidcBearerScheme));
    }
}
