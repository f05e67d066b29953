using Dashboard.Core.Mail;
using Dashboard.Core.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Core.People;

public static class PeopleServiceCollectionExtensions
{
    /// <summary>
    /// Users and roles on the dashboard's own database (ASP.NET Core Identity), with lockout; e-mail confirmation
    /// tokens, and the mail that carries them and the personal invitations.
    /// </summary>
    public static IdentityBuilder AddDashboardPeople(this IServiceCollection services)
    {
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section);
        services.AddDashboardMail();
        services.AddScoped<SignUps>();
        services.AddSingleton<SignUpLimits>();
        return services.AddIdentityCore<DashboardUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(10);
                o.Lockout.AllowedForNewUsers = true;
                // A password alone never signs in an address nobody proved: sign-ups confirm by a mailed link.
                o.SignIn.RequireConfirmedEmail = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<DashboardDbContext>()
            .AddDefaultTokenProviders();
    }
}

/// <summary>
/// Section <c>Bootstrap</c>: the first admin, read on a start that finds no admin (there is no default password).
/// </summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    public string? AdminEmail { get; set; }
    public string? AdminPassword { get; set; }
}
