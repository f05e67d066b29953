using Dashboard.Account;
using Dashboard.Core.People;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Setup;

/// <summary>Settings of section <c>Authentication:Oidc</c>; sign-in with an OpenID Connect provider is optional.</summary>
public sealed class OidcOptions
{
    public const string Section = "Authentication:Oidc";
    public const string Scheme = "oidc";

    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public string DisplayName { get; set; } = "Microsoft Entra ID";

    /// <summary>Claim whose values name dashboard roles (Admin, Instructor, Student, Ops).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The audience the API expects in the provider's access tokens; empty means the client id.</summary>
    public string? Audience { get; set; }

    /// <summary>
    /// Allows reading the provider's metadata over plain http, for a provider on this machine's loopback address only
    /// (a local test provider); any other authority must be https.
    /// </summary>
    public bool AllowHttpOnLoopback { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);

    public bool RequiresHttpsMetadata => !(AllowHttpOnLoopback && Uri.TryCreate(Authority, UriKind.Absolute, out var authority) && authority.IsLoopback);
}

public static class IdentityServiceCollectionExtensions
{
    /// <summary>Cookie sign-in through ASP.NET Core Identity (lockout, hashed passwords), plus OIDC when configured.</summary>
    public static IServiceCollection AddDashboardSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();
        services.AddScoped<ViewerAccessor>();
        services.AddOptions<AccountRecheckOptions>().BindConfiguration(AccountRecheckOptions.Section)
            .Validate(o => o.RecheckSeconds > 0, "Accounts:RecheckSeconds must be more than zero.")
            .ValidateOnStart();
        // The sign-in cookie itself is checked against the account as often as open pages and hub connections are,
        // so a locked or re-stamped account cannot simply reload the page or reconnect.
        services.AddOptions<SecurityStampValidatorOptions>().Configure<Microsoft.Extensions.Options.IOptions<AccountRecheckOptions>>(
            (o, recheck) => o.ValidationInterval = recheck.Value.RecheckInterval);
        services.AddScoped<AccountStanding>();
        services.AddScoped<ExternalSignIn>();
        services.AddScoped<AccountAdministration>();
        services.AddSignInRateLimits();
        services.AddIdentityCore<DashboardUser>().AddSignInManager();
        var authentication = services.AddAuthentication(o =>
        {
            o.DefaultScheme = IdentityConstants.ApplicationScheme;
            o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
        });
        authentication.AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(ConfigureCookie));

        var oidc = configuration.GetSection(OidcOptions.Section).Get<OidcOptions>() ?? new OidcOptions();
        services.Configure<OidcOptions>(configuration.GetSection(OidcOptions.Section));
        if (oidc.Enabled)
        {
            authentication.AddOpenIdConnect(OidcOptions.Scheme, oidc.DisplayName, o =>
            {
                o.Authority = oidc.Authority;
                o.ClientId = oidc.ClientId;
                o.ClientSecret = oidc.ClientSecret;
                o.ResponseType = "code";
                // The code comes back in a top-level GET redirect, which the Lax sign-in cookies accompany.
                o.ResponseMode = "query";
                o.RequireHttpsMetadata = oidc.RequiresHttpsMetadata;
                o.SignInScheme = IdentityConstants.ExternalScheme;
                o.Scope.Add("email");
                o.MapInboundClaims = false;
                o.TokenValidationParameters.RoleClaimType = oidc.RoleClaim;
            });
        }

        services.AddAuthorization(o => o.AddDashboardPolicies());
        return services;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions o)
    {
        o.LoginPath = "/account/login";
        o.LogoutPath = "/account/logout";
        o.AccessDeniedPath = "/account/denied";
        o.Cookie.Name = "dashboard.auth";
        o.Cookie.HttpOnly = true;
        o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.ExpireTimeSpan = TimeSpan.FromHours(12);
        o.SlidingExpiration = true;
    }
}
