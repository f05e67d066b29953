namespace Dashboard.Core.Mail;

/// <summary>One plain-text mail to one person.</summary>
public sealed record OutgoingMail(string To, string Subject, string Body);

/// <summary>Whether a mail left, and if not, why, in words for the person who asked for it.</summary>
public sealed record MailResult(bool Sent, string? Problem = null)
{
    public static MailResult Ok { get; } = new(true);

    public static MailResult Failed(string problem) => new(false, problem);
}
