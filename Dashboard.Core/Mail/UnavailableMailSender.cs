namespace Dashboard.Core.Mail;

/// <summary>No SMTP server and a real cloud: nothing is sent, and every attempt says why.</summary>
internal sealed class UnavailableMailSender : IMailSender
{
    public bool CanSend => false;

    public string Status => MailMessages.CannotSend;

    public Task<MailResult> SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default) =>
        Task.FromResult(MailResult.Failed(MailMessages.CannotSend));
}
