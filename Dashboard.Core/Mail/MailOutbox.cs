namespace Dashboard.Core.Mail;

/// <summary>A mail kept in the demo's outbox instead of being sent.</summary>
public sealed record OutboxMail(long Number, DateTimeOffset At, string To, string Subject, string Body);

/// <summary>
/// The simulated cloud's mailbox when no SMTP server is set, so the demo's invitations and confirmation links can be
/// followed without a mail server. Kept in memory, newest first, bounded.
/// </summary>
public sealed class MailOutbox(TimeProvider time)
{
    public const int Capacity = 200;

    private readonly Lock _gate = new();
    private readonly LinkedList<OutboxMail> _mails = new();
    private long _count;

    public IReadOnlyList<OutboxMail> Mails
    {
        get
        {
            lock (_gate)
                return [.. _mails];
        }
    }

    internal void Add(OutgoingMail mail)
    {
        lock (_gate)
        {
            _mails.AddFirst(new OutboxMail(++_count, time.GetUtcNow(), mail.To, mail.Subject, mail.Body));
            if (_mails.Count > Capacity)
                _mails.RemoveLast();
        }
    }
}

/// <summary>Puts every mail into the <see cref="MailOutbox"/>.</summary>
internal sealed class OutboxMailSender(MailOutbox outbox) : IMailSender
{
    public bool CanSend => true;

    public bool UsesOutbox => true;

    public string Status => MailMessages.Outbox;

    public Task<MailResult> SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        outbox.Add(mail);
        return Task.FromResult(MailResult.Ok);
    }
}
