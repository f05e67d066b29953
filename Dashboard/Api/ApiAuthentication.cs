using Dashboard.Core.Api;
using Dashboard.Hubs;
using Dashboard.Setup;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Api;

/// <summary>
/// The API's sign-in: bearer tokens only (a personal access token, or an identity provider's access token when
/// <c>Authentication:Oidc</c> is set), never a cookie, so an API call is never a cross-site request riding on a
/// browser's sign-in, and never redirected to a sign-in page. The hub takes cookies and bearer tokens.
/// </summary>
public static class ApiAuthentication
{
    /// <summary>Picks the token handler by the token's prefix.</summary>
    public const string Scheme = "api";
    public const string TokenScheme = "personal-access-token";
    public const string OidcBearerScheme = "oidc-bearer";

    /// <summary>The app's default: the hub path with a bearer token goes to <see cref="Scheme"/>, anything else to the cookie.</summary>
    public const string DefaultSelector = "dashboard";

    public const string ReadPolicy = "api-read";
    public const string ActPolicy = "api-act";
    public const string SchedulePolicy = "api-schedule";
    public const string HubPolicy = "hub";

    public static IServiceCollection AddDashboardApiAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var oidc = configuration.GetSection(OidcOptions.Section).Get<OidcOptions>() ?? new OidcOptions();
        var authentication = services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, PersonalAccessTokenHandler>(TokenScheme, _ => { })
            .AddPolicyScheme(Scheme, null, o => o.ForwardDefaultSelector = context =>
                oidc.Enabled && BearerTokenOf(context.Request) is { } token && !token.StartsWith(AccessTokens.Prefix, StringComparison.Ordinal)
                    ? OidcBearerScheme
                    : TokenScheme)
            .AddPolicyScheme(DefaultSelector, null, o => o.ForwardDefaultSelector = context =>
                IsHubPath(context.Request) && BearerTokenOf(context.Request) is not null ? Scheme : IdentityConstants.ApplicationScheme);
        if (oidc.Enabled)
            OidcBearer.Add(authentication, oidc);
        services.Configure<AuthenticationOptions>(o => o.DefaultScheme = DefaultSelector);

        services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, p => ApiPolicy(p, ApiScopes.Read))
            .AddPolicy(ActPolicy, p => ApiPolicy(p, ApiScopes.Act))
            .AddPolicy(SchedulePolicy, p => ApiPolicy(p, ApiScopes.Schedule))
            .AddPolicy(HubPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => HasScope(c.User, ApiScopes.Read)));
        return services;
    }

    private static void ApiPolicy(AuthorizationPolicyBuilder policy, string scope) =>
        policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireAssertion(c => HasScope(c.User, scope));

    /// <summary>A personal access token grants only its scopes; other sign-ins are bounded by their roles alone.</summary>
    public static bool HasScope(System.Security.Claims.ClaimsPrincipal user, string scope) =>
        !user.HasClaim(c => c.Type == ApiScopes.TokenIdClaim) || user.HasClaim(ApiScopes.Claim, scope);

    /// <summary>The bearer token of the Authorization header or, on the hub path only, of the access_token query value.</summary>
    public static string? BearerTokenOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return header["Bearer ".Length..].Trim() is { Length: > 0 } token ? token : null;
        // Browsers and SignalR's WebSocket transport cannot set headers on an upgrade; only the hub reads the query.
        return IsHubPath(request) && request.Query["access_token"].ToString() is { Length: > 0 } query ? query : null;
    }

    private static bool IsHubPath(HttpRequest request) => request.Path.StartsWithSegments(SessionsHub.Path, StringComparison.OrdinalIgnoreCase);
}
