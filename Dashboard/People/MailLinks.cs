using Dashboard.Core.Mail;

namespace Dashboard.People;

public static class MailLinks
{
    /// <summary>Without Email:PublicUrl, links in mails lead to the address this server listens on (https first).</summary>
    public static void PointAtThisServer(WebApplication app) => app.Lifetime.ApplicationStarted.Register(() =>
    {
        var address = app.Urls.OrderByDescending(u => u.StartsWith("https:", StringComparison.OrdinalIgnoreCase)).FirstOrDefault();
        if (address is not null)
            app.Services.GetRequiredService<SiteAddress>().UseListeningAddress(address);
    });
}
