using Dashboard.Core.Cloud.Azure;
using Dashboard.Core.Discovery;
using Dashboard.Core.People;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Benchmarks;

/// <summary>
/// Seeded VMs stand for machines the dashboard created earlier: they carry its creation tag and, once discovered,
/// are adopted into a session the way an admin would.
/// </summary>
public static class BenchmarkAdoption
{
    public const string Owner = "bench-instructor@example.test";

    public static Dictionary<string, string> PoolTags(string session) => new()
    {
        ["dashboard-session"] = session, ["dashboard-role"] = "PoolMember", ["dashboard-kind"] = "MachinePool",
        [AzureOwnershipTags.Created] = "true",
    };

    public static async Task AdoptAsync(IServiceProvider services, string session, int count, TimeSpan limit)
    {
        await EnsureOwnerAsync(services);
        var discovered = services.GetRequiredService<DiscoveredMachines>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (discovered.Current.Count(d => d.SessionTag == session) < count)
        {
            if (clock.Elapsed > limit)
                throw new TimeoutException($"The {count} VMs tagged {session} were not all discovered in time.");
            await Task.Delay(50);
        }
        var ids = discovered.Current.Where(d => d.SessionTag == session).Select(d => d.CloudId).ToList();
        var result = await services.GetRequiredService<MachineAdoption>().AdoptAsync(Viewer.System, new AdoptionRequest(ids, session, Owner));
        if (!result.Succeeded)
            throw new InvalidOperationException(result.Message);
    }

    private static async Task EnsureOwnerAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(Roles.Instructor))
            await roles.CreateAsync(new IdentityRole(Roles.Instructor));
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        if (await users.FindByNameAsync(Owner) is not null)
            return;
        var user = new DashboardUser { UserName = Owner, Email = Owner, EmailConfirmed = true };
        await users.CreateAsync(user, "Bench-pass-2026!");
        await users.AddToRoleAsync(user, Roles.Instructor);
    }
}
