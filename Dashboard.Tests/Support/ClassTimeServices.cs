using Dashboard.Components.ClassTime;
using Dashboard.Core.ClassTime;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Support;

/// <summary>Gives a bUnit context the class-time services of a running Core, as the app registers them.</summary>
public static class ClassTimeServices
{
    public static IServiceCollection AddClassTimeOf(this IServiceCollection services, CoreHost core)
    {
        services.AddSingleton(core.Services.GetRequiredService<ClassTimeCommands>());
        services.AddSingleton(core.Services.GetRequiredService<QuotaLedger>());
        services.AddKeyedSingleton(ClassClock.Key, core.Services.GetRequiredKeyedService<TimeProvider>(ClassClock.Key));
        services.AddScoped<ClassTimeRunner>();
        return services;
    }
}
