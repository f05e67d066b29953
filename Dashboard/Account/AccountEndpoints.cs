using System.Security.Claims;
using Dashboard.Core.Audit;
using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Setup;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Dashboard.Account;

public static class AccountEndpoints
{
    /// <summary>Sign-out (a form POST with antiforgery) and the OpenID Connect round trip.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        var account = routes.MapGroup("/account");
        account.MapPost("/logout", async (SignInManager<DashboardUser> signIn, AuditLog audit, ClaimsPrincipal user,
            Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery, HttpContext http) =>
        {
            // Only the app bar's own form signs out: a post from another site (no token) changes nothing.
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.BadRequest();
            // Nobody was signed in: there is nothing to end and nothing worth a line in the audit trail.
            var name = user.Identity?.IsAuthenticated == true ? user.Identity.Name : null;
            await signIn.SignOutAsync();
            if (!string.IsNullOrEmpty(name))
                await audit.RecordAsync(name, AuditAction.SignOut, ActionOutcome.Succeeded);
            return Results.LocalRedirect("/account/login");
        });

        account.MapGet("/external", (SignInManager<DashboardUser> signIn, IOptions<OidcOptions> oidc, [FromQuery] string? returnUrl) =>
        {
            if (!oidc.Value.Enabled)
                return Results.NotFound();
            var redirect = $"/account/external-callback?returnUrl={Uri.EscapeDataString(LocalOnly(returnUrl))}";
            return Results.Challenge(signIn.ConfigureExternalAuthenticationProperties(OidcOptions.Scheme, redirect), [OidcOptions.Scheme]);
        }).RequireRateLimiting(SignInRateLimits.Policy);

        account.MapGet("/external-callback", ExternalCallbackAsync).RequireRateLimiting(SignInRateLimits.Policy);
        return routes;
    }

    /// <summary>A path on this site to go back to, or "/": never another host, and nothing a Location header cannot carry.</summary>
    public static string LocalOnly(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
        && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) && returnUrl.All(c => c is > ' ' and < (char)0x7F) ? returnUrl : "/";

    /// <summary>Signs in the person the provider vouched for, as <see cref="ExternalSignIn"/> decides.</summary>
    private static async Task<IResult> ExternalCallbackAsync(SignInManager<DashboardUser> signIn, ExternalSignIn external,
        AuditLog audit, HttpContext http, [FromQuery] string? returnUrl)
    {
        var info = await signIn.GetExternalLoginInfoAsync();
        if (info is null)
        {
            await audit.RecordAsync("", AuditAction.SignIn, ActionOutcome.Failed, detail: "The identity provider's answer could not be read.");
            return Refused(ExternalSignInRefusal.Failed);
        }

        var result = await external.ResolveAsync(info);
        // The provider's answer has done its job; it must not linger as a second sign-in.
        await http.SignOutAsync(IdentityConstants.ExternalScheme);
        if (result.User is not { } user)
            return Refused(result.Refusal ?? ExternalSignInRefusal.Failed);

        await signIn.SignInAsync(user, isPersistent: false, info.LoginProvider);
        await audit.RecordAsync(user.Email ?? "", AuditAction.SignIn, ActionOutcome.Succeeded, detail: $"via {info.ProviderDisplayName}");
        return Results.LocalRedirect(LocalOnly(returnUrl));
    }

    private static IResult Refused(ExternalSignInRefusal refusal) =>
        Results.LocalRedirect($"/account/login?error={refusal}");
}
