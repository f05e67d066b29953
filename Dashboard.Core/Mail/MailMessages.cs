namespace Dashboard.Core.Mail;

/// <summary>What pages and the log say about mail, in one place so they say the same thing.</summary>
public static class MailMessages
{
    public const string CannotSend =
        "Mails cannot be sent: no SMTP server is set (Email:Smtp:Host, Port, Security, UserName, Password, From). " +
        "Invitations and confirmation links will not reach anyone.";

    public const string Outbox =
        "No SMTP server is set: with the simulated cloud, mails go to the local outbox (/outbox) instead of being sent.";

    public static string ViaSmtp(SmtpOptions smtp) => $"Mails are sent through {smtp.Host}:{smtp.EffectivePort} ({smtp.Security}).";
}
