using System.Collections.Concurrent;
using Bunit;
using Dashboard.Components;
using Dashboard.Components.People;
using Dashboard.Core.Domain;
using Dashboard.Core.Mail;
using Dashboard.Core.People;
using Dashboard.Core.Setup;
using Dashboard.Setup;
using Dashboard.Tests.People;
using Dashboard.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MudBlazor.Services;

namespace Dashboard.Tests.Mail;

/// <summary>When no mail can leave, the dashboard says so: in the log at start, where instructors invite, and per assignment.</summary>
public sealed class NoMailTests
{
    [Fact]
    public async Task Beside_a_real_cloud_without_smtp_settings_nothing_is_sent_and_the_start_log_warns()
    {
        var logs = new CapturedLogs();
        await using var services = MailServices(new() { ["Cloud:Provider"] = "Azure" }, logs);

        var mail = services.GetRequiredService<IMailSender>();
        foreach (var hosted in services.GetServices<IHostedService>())
            await hosted.StartAsync(CancellationToken.None);

        Assert.False(mail.CanSend);
        Assert.False((await mail.SendAsync(new OutgoingMail("a@example.org", "s", "b"))).Sent);
        Assert.Contains((LogLevel.Warning, MailMessages.CannotSend), logs.Entries);
    }

    [Fact]
    public async Task With_smtp_settings_mails_go_through_smtp_even_beside_the_simulated_cloud_and_the_log_says_where()
    {
        var logs = new CapturedLogs();
        await using var services = MailServices(new()
        {
            ["Email:Smtp:Host"] = "smtp.school.example", ["Email:Smtp:From"] = "dashboard@school.example",
        }, logs);

        var mail = services.GetRequiredService<IMailSender>();
        foreach (var hosted in services.GetServices<IHostedService>())
            await hosted.StartAsync(CancellationToken.None);

        Assert.False(mail.UsesOutbox);
        Assert.Contains((LogLevel.Information, "Mails are sent through smtp.school.example:587 (StartTls)."), logs.Entries);
    }

    [Fact]
    public async Task An_smtp_server_that_is_down_makes_the_assignment_say_no_mail_was_sent_and_the_audit_record_it()
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var core = await CoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1", ["Email:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None", ["Email:Smtp:From"] = "dashboard@school.example",
        });
        var machine = (await core.FreeMachinesAsync(1))[0];

        var result = await core.Roster().AssignAsync(TestViewers.Instructor, machine.Id, "alice@school.example");

        Assert.True(result.Succeeded, result.Message);
        Assert.Contains("No mail could be sent to alice@school.example", result.Message, StringComparison.Ordinal);
        var entry = Assert.Single(await core.AuditAsync(nameof(AuditAction.SendInvitation)));
        Assert.Equal(ActionOutcome.Failed, entry.Outcome);
    }

    [Fact]
    public async Task The_people_page_tells_the_instructor_that_mails_cannot_be_sent()
    {
        await using var core = await CoreHost.StartAsync();
        await using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddSingleton(core.Monitor);
        context.Services.AddSingleton(core.Roster());
        context.Services.AddSingleton<IMailSender>(new UnavailableMailSender());
        context.Services.AddSingleton(TimeProvider.System);
        context.Services.AddScoped<ViewerAccessor>();
        context.Services.AddScoped<CommandRunner>();
        var authorization = context.AddAuthorization();
        authorization.SetAuthorized(DemoData.Instructor);
        authorization.SetRoles(Roles.Instructor);

        var page = context.Render<PeoplePage>(p => p.Add(x => x.Name, RosterKit.Pool));

        page.WaitForAssertion(() => Assert.Contains("Mails cannot be sent", page.Find("[data-mail-status=\"none\"]").TextContent, StringComparison.Ordinal));
    }

    private static ServiceProvider MailServices(Dictionary<string, string?> settings, CapturedLogs logs)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddLogging(b => b.AddProvider(logs));
        services.AddOptions<CloudOptions>().BindConfiguration(CloudOptions.Section);
        services.AddDashboardMail();
        return services.BuildServiceProvider();
    }

    private sealed class CapturedLogs : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<(LogLevel, string)> _entries = new();

        public IReadOnlyCollection<(LogLevel, string)> Entries => _entries;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _entries.Enqueue((logLevel, formatter(state, exception)));

        public void Dispose()
        {
        }
    }
}
