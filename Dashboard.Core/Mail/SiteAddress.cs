using Microsoft.Extensions.Options;

namespace Dashboard.Core.Mail;

/// <summary>
/// Where links in mails point: <c>Email:PublicUrl</c>, else the address the server listens on. Never a request's
/// Host header: a sign-up anyone can post must not choose where a confirmation link leads.
/// </summary>
public sealed class SiteAddress(IOptions<EmailOptions> options)
{
    private readonly Uri? _configured = Parse(options.Value.PublicUrl);
    private Uri? _listening;

    public Uri Base => _configured ?? _listening ?? new Uri("http://localhost/");

    /// <summary>Told once the server listens; ignored when a public address is configured.</summary>
    public void UseListeningAddress(string address)
    {
        // A wildcard binding ("http://+:80", "http://[::]:80") names no host a browser can open.
        var reachable = address.Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal);
        _listening ??= Parse(reachable);
    }

    public string Link(string pathAndQuery) => new Uri(Base, pathAndQuery.TrimStart('/')).AbsoluteUri;

    private static Uri? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || !Uri.TryCreate(value, UriKind.Absolute, out var uri))
            return null;
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }
}
