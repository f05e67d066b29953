using Dashboard.Core.People;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Support;

/// <summary>Accounts a test needs where no demo people are seeded (the Azure backend).</summary>
public static class TestAccounts
{
    public static async Task EnsureAsync(IServiceProvider services, string email, string role)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(role))
            await roles.CreateAsync(new IdentityRole(role));
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var user = await users.FindByNameAsync(email);
        if (user is null)
        {
            user = new DashboardUser { UserName = email, Email = email, EmailConfirmed = true };
            var created = await users.CreateAsync(user, "Test-pass-2026!");
            if (!created.Succeeded)
                throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        }
        if (!await users.IsInRoleAsync(user, role))
            await users.AddToRoleAsync(user, role);
    }
}
