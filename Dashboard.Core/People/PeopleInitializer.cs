using Dashboard.Core.Audit;
using Dashboard.Core.Domain;
using Dashboard.Core.Persistence;
using Dashboard.Core.Setup;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.People;

/// <summary>Roles, the bootstrap admin, and (simulated cloud only) the demo people.</summary>
internal sealed partial class PeopleInitializer(
    UserManager<DashboardUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<BootstrapOptions> bootstrap,
    AuditLog audit,
    IDbContextFactory<DashboardDbContext> factory,
    ILogger<PeopleInitializer> logger)
{
    public const string DemoPassword = "Demo-pass-2026!";

    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)), role);
        }
    }

    /// <summary>Creates the first admin from settings when no admin exists; says what to set when none is given.</summary>
    public async Task EnsureAdminAsync()
    {
        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0)
            return;
        var (email, password) = (bootstrap.Value.AdminEmail?.Trim(), bootstrap.Value.AdminPassword);
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(password))
        {
            LogNoAdmin();
            return;
        }

        // Promoting an account someone else may have registered under that address would hand them the dashboard.
        if (await users.FindByEmailAsync(email) is not null)
        {
            LogAdminExists(email);
            await audit.RecordAsync("system", AuditAction.BootstrapAdmin, ActionOutcome.Refused, detail:
                $"Bootstrap:AdminEmail {email} names an existing account; it was not made Admin.");
            return;
        }

        await CreateAsync(email, password, Roles.Admin);
        LogAdminCreated(email);
        await audit.RecordAsync("system", AuditAction.BootstrapAdmin, ActionOutcome.Succeeded, detail: $"created {email} as the first Admin");
    }

    /// <summary>A demo account's id: fixed, so tests and tools can name the account a demo machine is held by.</summary>
    public static string DemoAccountId(string email) => $"demo:{email}";

    /// <summary>The demo's people; students 1–12 each hold one machine of the demo pool, by account.</summary>
    public async Task SeedDemoAsync()
    {
        await CreateAsync("admin@demo.test", DemoPassword, Roles.Admin, DemoAccountId("admin@demo.test"));
        await CreateAsync(DemoData.Instructor, DemoPassword, Roles.Instructor, DemoAccountId(DemoData.Instructor));
        await CreateAsync("ops@demo.test", DemoPassword, Roles.Ops, DemoAccountId("ops@demo.test"));
        await using var db = await factory.CreateDbContextAsync();
        for (var i = 1; i <= DemoData.Students; i++)
        {
            var (email, id) = (DemoData.Student(i), DemoAccountId(DemoData.Student(i)));
            await CreateAsync(email, DemoPassword, Roles.Student, id);
            // Seeded accounts' addresses count as proven, so their machines are theirs from the start.
            await db.Machines.Where(m => m.AssignedUser == email && m.AssignedUserId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.AssignedUserId, id));
        }
    }

    private async Task CreateAsync(string email, string password, string role, string? id = null)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new DashboardUser { UserName = email, Email = email, EmailConfirmed = true };
            if (id is not null)
                user.Id = id;
            Check(await users.CreateAsync(user, password), email);
        }

        if (!await users.IsInRoleAsync(user, role))
            Check(await users.AddToRoleAsync(user, role), email);
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not set up {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
    }

    [LoggerMessage(LogLevel.Warning, "No admin exists yet. Set Bootstrap:AdminEmail and Bootstrap:AdminPassword (e.g. as environment variables Bootstrap__AdminEmail and Bootstrap__AdminPassword) and restart to create the first one.")]
    private partial void LogNoAdmin();

    [LoggerMessage(LogLevel.Warning, "Bootstrap:AdminEmail {Email} names an account that already exists; it is not made Admin. Set Bootstrap:AdminEmail to an address with no account yet and restart.")]
    private partial void LogAdminExists(string email);

    [LoggerMessage(LogLevel.Information, "Created the first admin {Email} from the Bootstrap settings")]
    private partial void LogAdminCreated(string email);
}
