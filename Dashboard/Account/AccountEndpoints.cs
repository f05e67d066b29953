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
        account.MapPost("/logout", async (SignInManager<DashboardUser> signIn, AuditLog audit, ClaimsPrincipal user) =>
        {
            var name = user.Identity?.Name ?? "";
            await signIn.SignOutAsync();
            await audit.RecordAsync(name, AuditAction.SignOut, ActionOutcome.Succeeded);
            return TypedResults.LocalRedirect("/account/login");
        });

        account.MapGet("/external", (SignInManager<DashboardUser> signIn, IOptions<OidcOptions> oidc, [FromQuery] string? returnUrl) =>
        {
            if (!oidc.Value.Enabled)
                return Results.NotFound();
            var redirect = $"/account/external-callback?returnUrl={Uri.EscapeDataString(LocalOnly(returnUrl))}";
            return Results.Challenge(signIn.ConfigureExternalAuthenticationProperties(OidcOptions.Scheme, redirect), [OidcOptions.Scheme]);
        });

        account.MapGet("/external-callback", ExternalCallbackAsync);
        return routes;
    }

    public static string LocalOnly(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
        && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) ? returnUrl : "/";

    /// <summary>Signs in the person the provider vouched for, creating their account with the roles the provider names.</summary>
    private static async Task<IResult> ExternalCallbackAsync(SignInManager<DashboardUser> signIn, UserManager<DashboardUser> users,
        AuditLog audit, IOptions<OidcOptions> oidc, [FromQuery] string? returnUrl)
    {
        var info = await signIn.GetExternalLoginInfoAsync();
        var email = info?.Principal.FindFirstValue("email") ?? info?.Principal.FindFirstValue(ClaimTypes.Email);
        if (info is null || string.IsNullOrWhiteSpace(email))
        {
            await audit.RecordAsync(email ?? "", AuditAction.SignIn, ActionOutcome.Failed, detail: "The identity provider sent no e-mail address.");
            return Results.LocalRedirect("/account/login?error=external");
        }

        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new DashboardUser { UserName = email, Email = email, EmailConfirmed = true };
            await users.CreateAsync(user);
        }

        if (await users.FindByLoginAsync(info.LoginProvider, info.ProviderKey) is null)
            await users.AddLoginAsync(user, info);
        var roles = info.Principal.FindAll(oidc.Value.RoleClaim).Select(c => c.Value).Intersect(Roles.All).ToList();
        foreach (var role in roles.Count > 0 ? roles : [Roles.Student])
        {
            if (!await users.IsInRoleAsync(user, role))
                await users.AddToRoleAsync(user, role);
        }

        await signIn.SignInAsync(user, isPersistent: false, info.LoginProvider);
        await audit.RecordAsync(email, AuditAction.SignIn, ActionOutcome.Succeeded, detail: $"via {info.ProviderDisplayName}");
        return Results.LocalRedirect(LocalOnly(returnUrl));
    }
}
