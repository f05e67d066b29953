using System.Net.Mail;
using Dashboard.Core.Setup;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Mail;

public static class MailServiceCollectionExtensions
{
    /// <summary>SMTP when <c>Email:Smtp:Host</c> is set; else the outbox with the simulated cloud; else no mail.</summary>
    public static IServiceCollection AddDashboardMail(this IServiceCollection services)
    {
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section)
            .Validate(o => string.IsNullOrWhiteSpace(o.PublicUrl) || Uri.TryCreate(o.PublicUrl, UriKind.Absolute, out _),
                "Email:PublicUrl must be an absolute address, e.g. https://dashboard.example.org/.")
            .ValidateOnStart();
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section)
            .Validate(o => !o.Configured || MailAddress.TryCreate(o.From, out _),
                "Email:Smtp:From must be the sender's address (e.g. dashboard@example.org) when Email:Smtp:Host is set.")
            .Validate(o => o.Port is >= 0 and <= 65535, "Email:Smtp:Port must be between 1 and 65535 (0: the usual one).")
            .ValidateOnStart();
        services.AddSingleton<SiteAddress>();
        services.AddSingleton<MailOutbox>();
        services.AddSingleton<IMailSender>(sp =>
        {
            if (sp.GetRequiredService<IOptions<SmtpOptions>>().Value.Configured)
                return ActivatorUtilities.CreateInstance<SmtpMailSender>(sp);
            return sp.GetRequiredService<IOptions<CloudOptions>>().Value.Provider == CloudProvider.Simulated
                ? new OutboxMailSender(sp.GetRequiredService<MailOutbox>())
                : new UnavailableMailSender();
        });
        services.AddHostedService<MailStartupReport>();
        return services;
    }
}
