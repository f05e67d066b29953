using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.ClassTime;

public static class ClassTimeServiceCollectionExtensions
{
    /// <summary>Schedules, countdowns and quota hours, on the class clock (the system clock unless a test replaces it).</summary>
    public static IServiceCollection AddClassTime(this IServiceCollection services)
    {
        services.AddKeyedSingleton<TimeProvider>(ClassClock.Key, (sp, _) => sp.GetRequiredService<TimeProvider>());
        services.AddOptions<ClassTimeOptions>().BindConfiguration(ClassTimeOptions.Section)
            .Validate(o => o.TickSeconds > 0, "ClassTime:TickSeconds must be more than zero.")
            .Validate(o => o.WarningMinutes.All(m => m > 0), "ClassTime:WarningMinutes must all be more than zero.")
            .ValidateOnStart();
        services.AddSingleton<ClassTimeStore>();
        services.AddSingleton<QuotaLedger>();
        services.AddSingleton<StopWarningMails>();
        services.AddSingleton<ScheduledRuns>();
        services.AddSingleton<ClassScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<ClassScheduler>());
        services.AddSingleton<ClassTimeCommands>();
        return services;
    }
}
