using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dashboard.Core.Mail;

/// <summary>Says at start where mails go, and warns when they go nowhere.</summary>
internal sealed partial class MailStartupReport(IMailSender mail, ILogger<MailStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (mail.CanSend)
            LogStatus(mail.Status);
        else
            LogCannotSend(mail.Status);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "{Status}")]
    private partial void LogStatus(string status);

    [LoggerMessage(LogLevel.Warning, "{Status}")]
    private partial void LogCannotSend(string status);
}
