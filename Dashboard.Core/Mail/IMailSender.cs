namespace Dashboard.Core.Mail;

/// <summary>Sends the dashboard's mails: through SMTP, into the demo's outbox, or nowhere (and says so).</summary>
public interface IMailSender
{
    /// <summary>False when no mail can leave: pages say so where someone would send one.</summary>
    bool CanSend { get; }

    /// <summary>True when mails land in the demo's <see cref="MailOutbox"/> instead of leaving.</summary>
    bool UsesOutbox => false;

    /// <summary>What a page or the log says about where mails go.</summary>
    string Status { get; }

    Task<MailResult> SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default);
}
