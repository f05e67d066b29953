using System.Text.Json.Serialization;
using Dashboard.Account;
using Dashboard.Api;
using Dashboard.Components;
using Dashboard.Core.Setup;
using Dashboard.Hubs;
using MudBlazor;
using MudBlazor.Services;

namespace Dashboard.Setup;

public static class DashboardServiceCollectionExtensions
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddDashboardCore(configuration, contentRoot);
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddDashboardSignIn(configuration);
        services.AddDashboardApi(configuration);
        services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            o.SnackbarConfiguration.PreventDuplicates = false;
            o.SnackbarConfiguration.VisibleStateDuration = 6000;
        });
        services.AddScoped<CommandRunner>();
        services.AddScoped<Components.ClassTime.ClassTimeRunner>();
        var signalR = services.AddSignalR().AddJsonProtocol(o =>
            o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        signalR.AddRedisBackplane(configuration);
        services.AddOptions<HubFanOutOptions>().BindConfiguration(HubFanOutOptions.Section)
            .Validate(o => o.StalledSendSeconds > 0, "Hub:StalledSendSeconds must be more than zero.")
            .Validate(o => o.MaxPendingSessions > 0, "Hub:MaxPendingSessions must be more than zero.")
            .ValidateOnStart();
        services.AddSingleton<HubWatchers>();
        services.AddHostedService<SessionsHubBroadcaster>();
        services.AddSingleton<HubAccountMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<HubAccountMonitor>());
        services.AddDashboardObservability(configuration);
        return services;
    }

    public static WebApplication UseDashboard(this WebApplication app)
    {
        // In every environment: a visitor never sees a stack trace, only the error page (details go to the log).
        app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseApiPipeline();
        app.UseHubOriginCheck();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
        Connect.ConnectEndpoints.Map(app);
        Audit.AuditEndpoints.MapAuditEndpoints(app);
        People.PeopleEndpoints.MapPeopleEndpoints(app);
        Costs.CostEndpoints.MapCostEndpoints(app);
        Notifications.NotificationEndpoints.MapNotificationEndpoints(app);
        People.MailLinks.PointAtThisServer(app);
        app.MapDashboardApi();
        app.MapHub<SessionsHub>(SessionsHub.Path).RequireAuthorization(ApiAuthentication.HubPolicy);
        app.MapDashboardHealth();
        app.Lifetime.ApplicationStarted.Register(() => PrintUrls(app));
        return app;
    }

    private static void PrintUrls(WebApplication app)
    {
        foreach (var url in app.Urls)
            Console.WriteLine($"Dashboard ready: open {url} in a browser.");
    }
}
