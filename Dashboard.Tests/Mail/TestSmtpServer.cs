using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Dashboard.Tests.Support;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Dashboard.Tests.Mail;

/// <summary>
/// A real SMTP server on a free loopback port, run by the test (SmtpServer): the dashboard's MailKit client
/// connects, authenticates and delivers to it, and the test reads what arrived.
/// </summary>
public sealed partial class TestSmtpServer : IAsyncDisposable
{
    public const string UserName = "dashboard";
    public const string Password = "smtp-secret";
    public const string From = "dashboard@school.example";

    private readonly CancellationTokenSource _stop = new();
    private readonly Store _store = new();
    private readonly Task _running;

    private TestSmtpServer(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)).AuthenticationRequired().AllowUnsecureAuthentication())
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        services.Add(new DelegatingUserAuthenticator((user, password) => user == UserName && password == Password));
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    public IReadOnlyCollection<MimeMessage> Received => _store.Messages;

    /// <summary>The dashboard's <c>Email:Smtp</c> settings aimed at this server.</summary>
    public IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
        ["Email:Smtp:UserName"] = UserName,
        ["Email:Smtp:Password"] = Password,
        ["Email:Smtp:From"] = From,
    };

    public static async Task<TestSmtpServer> StartAsync()
    {
        var server = new TestSmtpServer(FreePort());
        await Eventually.TrueAsync(server.AcceptsAsync, "the test SMTP server listens");
        return server;
    }

    /// <summary>The one mail sent to <paramref name="to"/>, once it has arrived.</summary>
    public async Task<MimeMessage> MailToAsync(string to)
    {
        await Eventually.TrueAsync(() => MailsTo(to).Count > 0, $"a mail to {to} reaches the SMTP server");
        return Assert.Single(MailsTo(to));
    }

    public IReadOnlyList<MimeMessage> MailsTo(string to) =>
        [.. Received.Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, to, StringComparison.OrdinalIgnoreCase)))];

    /// <summary>The dashboard link in a mail's text, as a path and query relative to the site.</summary>
    public static string LinkIn(MimeMessage mail)
    {
        var match = Link().Match(mail.TextBody ?? "");
        Assert.True(match.Success, $"No link in: {mail.TextBody}");
        return new Uri(match.Value).PathAndQuery;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // Stopping is how the server ends.
        }

        _stop.Dispose();
    }

    private async Task<bool> AcceptsAsync()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();

    private sealed class Store : MessageStore
    {
        private readonly ConcurrentQueue<MimeMessage> _messages = new();

        public IReadOnlyCollection<MimeMessage> Messages => _messages.ToArray();

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            _messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
