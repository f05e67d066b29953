namespace Dashboard.Core.Mail;

/// <summary>How the connection to the SMTP server is protected.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text: only for a relay on the same host or a test server.</summary>
    None,

    /// <summary>Plain connection upgraded with STARTTLS (port 587); refused when the server cannot upgrade.</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
}

/// <summary>Settings of section <c>Email:Smtp</c>; without a Host no mail is sent (the simulated cloud keeps an outbox).</summary>
public sealed class SmtpOptions
{
    public const string Section = "Email:Smtp";

    public string? Host { get; set; }

    /// <summary>0 means the usual port of <see cref="Security"/>: 25, 587 or 465.</summary>
    public int Port { get; set; }

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>Session Dashboard &lt;dashboard@example.org&gt;</c>.</summary>
    public string? From { get; set; }

    public bool Configured => !string.IsNullOrWhiteSpace(Host);

    public int EffectivePort => Port > 0 ? Port : Security switch
    {
        SmtpSecurity.None => 25,
        SmtpSecurity.SslOnConnect => 465,
        _ => 587,
    };
}

/// <summary>Settings of section <c>Email</c> beside the SMTP ones.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>
    /// The address links in mails start with (e.g. <c>https://dashboard.example.org/</c>). Empty: the address the
    /// server listens on. Never taken from a request, so a forged Host header cannot aim a link elsewhere.
    /// </summary>
    public string? PublicUrl { get; set; }
}
