using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Dashboard.Core.Mail;

/// <summary>Sends through the configured SMTP server with MailKit, one connection per mail (mails are rare).</summary>
internal sealed partial class SmtpMailSender(IOptions<SmtpOptions> options, ILogger<SmtpMailSender> logger) : IMailSender
{
    private readonly SmtpOptions _smtp = options.Value;

    public bool CanSend => true;

    public string Status => MailMessages.ViaSmtp(_smtp);

    public async Task<MailResult> SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(_smtp.From!));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = mail.Subject;
        message.Body = new TextPart("plain") { Text = mail.Body };
        try
        {
            using var client = new SmtpClient();
            await client.ConnectAsync(_smtp.Host!, _smtp.EffectivePort, SocketOptions(_smtp.Security), cancellationToken);
            if (!string.IsNullOrEmpty(_smtp.UserName))
                await client.AuthenticateAsync(_smtp.UserName, _smtp.Password ?? "", cancellationToken);
            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return MailResult.Ok;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex, _smtp.Host ?? "", mail.Subject);
            return MailResult.Failed($"The mail server {_smtp.Host} did not take the mail: {ex.Message}");
        }
    }

    private static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };

    [LoggerMessage(LogLevel.Warning, "Could not send \"{Subject}\" through {Host}")]
    private partial void LogFailed(Exception ex, string host, string subject);
}
