using System.Collections.Immutable;
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Dashboard.Tests.Support;

/// <summary>Who the provider says is signing in: the claims an attacker would choose at a provider they control.</summary>
public sealed record ProviderIdentity(string Subject, string Email, bool? EmailVerified, params string[] Roles);

/// <summary>
/// A real OpenID Connect provider (OpenIddict, authorization code flow with PKCE) on a loopback port, for the
/// dashboard's own OIDC handler to sign in through. Whoever it signs in next is whatever the test says, so tests can
/// send any e-mail, <c>email_verified</c>, subject and roles. It keeps nothing: codes and tokens are self-contained.
/// </summary>
public sealed class TestOidcProvider : IAsyncDisposable
{
    public const string ClientId = "dashboard";
    public const string ClientSecret = "test-client-secret";

    private readonly WebApplication _app;

    private TestOidcProvider(WebApplication app) => _app = app;

    /// <summary>The identity the next authorization request signs in.</summary>
    public ProviderIdentity Next { get; set; } = new("nobody", "nobody@example.test", true);

    public Uri Authority { get; private set; } = default!;

    /// <summary>The dashboard settings that point its OIDC sign-in at this provider.</summary>
    public IDictionary<string, string?> DashboardSettings => new Dictionary<string, string?>
    {
        ["Authentication:Oidc:Authority"] = Authority.ToString(),
        ["Authentication:Oidc:ClientId"] = ClientId,
        ["Authentication:Oidc:ClientSecret"] = ClientSecret,
        ["Authentication:Oidc:DisplayName"] = "Test provider",
        ["Authentication:Oidc:AllowHttpOnLoopback"] = "true",
    };

    public static async Task<TestOidcProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        TestOidcProvider? provider = null;
        builder.Services.AddOpenIddict().AddServer(o =>
        {
            o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
            o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            // Client credentials give a script an access token for the dashboard's API, issued for Next's subject.
            o.AllowClientCredentialsFlow();
            o.RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile, Scopes.Roles);
            o.AddEphemeralEncryptionKey().AddEphemeralSigningKey().DisableAccessTokenEncryption();
            // No stores: this provider knows one client and checks it itself.
            o.EnableDegradedMode().DisableTokenStorage();
            o.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(h => h.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId)
                    context.Reject(Errors.InvalidClient, "Unknown client.");
                return default;
            }));
            o.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(h => h.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.Request.ClientSecret != ClientSecret)
                    context.Reject(Errors.InvalidClient, "Wrong client credentials.");
                return default;
            }));
            o.AddEventHandler<OpenIddictServerEvents.HandleTokenRequestContext>(h => h.UseInlineHandler(context =>
            {
                if (context.Request.IsClientCredentialsGrantType())
                    context.SignIn(provider!.AccessTokenPrincipal());
                return default;
            }));
            o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
        });
        var app = builder.Build();
        provider = new TestOidcProvider(app);
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], (HttpContext http) => provider.Authorize(http));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        provider.Authority = new Uri(address.EndsWith('/') ? address : address + "/");
        return provider;
    }

    /// <summary>Signs in <see cref="Next"/> at once: no login form, the test already chose who it is.</summary>
    private IResult Authorize(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var who = Next;
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, who.Subject).SetClaim(Claims.Email, who.Email).SetClaim(Claims.Name, who.Email);
        if (who.EmailVerified is { } verified)
            identity.SetClaim(Claims.EmailVerified, verified);
        identity.SetClaims("roles", [.. who.Roles]);
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>The API access token's claims: <see cref="Next"/>'s subject and roles, for the dashboard as audience.</summary>
    private ClaimsPrincipal AccessTokenPrincipal()
    {
        var who = Next;
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, who.Subject).SetClaim(Claims.Name, who.Email);
        identity.SetClaims("roles", [.. who.Roles]);
        identity.SetAudiences(ClientId);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>An access token for the API, by the client credentials flow.</summary>
    public async Task<string> AccessTokenAsync()
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(Authority, "connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = ClientId, ["client_secret"] = ClientSecret,
        }));
        response.EnsureSuccessStatusCode();
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("access_token").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
