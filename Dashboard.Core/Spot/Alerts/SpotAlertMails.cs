using System.Text;
using System.Threading.Channels;
using Dashboard.Core.Mail;
using Dashboard.Core.People;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Spot.Alerts;

/// <summary>
/// Mails Spot alerts to their recipients (ops and admins, and the session's owner) with a confirmed address. An alert
/// after a quiet spell goes out after a short gathering pause (at most 2 s), so a burst's first alerts travel together;
/// after a mail, the next waits until <see cref="AlertOptions.EmailIntervalSeconds"/> have passed and then sums up
/// everything meanwhile, so 200 evictions are one or two mails per person, not 200.
/// </summary>
internal sealed partial class SpotAlertMails(SpotEvents events, IMailSender mail, SiteAddress site,
    IDbContextFactory<DashboardDbContext> factory, IOptions<AlertOptions> options, TimeProvider time,
    ILogger<SpotAlertMails> logger) : BackgroundService
{
    private const int ListedPerMail = 50;

    // No queue at all where nothing would read it (alerts off, or no mail can leave): it would only grow.
    private readonly ChannelReader<SpotEvent>? _events = options.Value.Email && mail.CanSend ? events.Subscribe() : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_events is null)
            return;
        try
        {
            var interval = TimeSpan.FromSeconds(options.Value.EmailIntervalSeconds);
            var gather = TimeSpan.FromSeconds(Math.Min(options.Value.EmailIntervalSeconds, 2));
            DateTimeOffset? lastSent = null;
            while (await _events.WaitToReadAsync(stoppingToken))
            {
                var heldFor = lastSent is { } last ? last + interval - time.GetUtcNow() : TimeSpan.Zero;
                await Task.Delay(heldFor > gather ? heldFor : gather, time, stoppingToken);
                var window = new List<SpotEvent>();
                while (_events.TryRead(out var spotEvent))
                {
                    if (options.Value.IsAlert(spotEvent.Kind))
                        window.Add(spotEvent);
                }

                if (window.Count > 0)
                {
                    await SendAsync(window, stoppingToken);
                    lastSent = time.GetUtcNow();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SendAsync(IReadOnlyList<SpotEvent> window, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var (address, theirs) in await RecipientsAsync(window, cancellationToken))
            {
                var result = await mail.SendAsync(Compose(address, theirs), cancellationToken);
                if (!result.Sent)
                    LogNotSent(address, result.Problem);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex, window.Count);
        }
    }

    /// <summary>Each confirmed address with the alerts it receives: staff all of them, an owner their sessions'.</summary>
    private async Task<Dictionary<string, List<SpotEvent>>> RecipientsAsync(IReadOnlyList<SpotEvent> window, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        string[] staffRoles = [Roles.Admin, Roles.Ops];
        var staff = await (from user in db.Users
                           join userRole in db.UserRoles on user.Id equals userRole.UserId
                           join role in db.Roles on userRole.RoleId equals role.Id
                           where staffRoles.Contains(role.Name!) && user.EmailConfirmed && user.Email != null
                           select user.Email!).Distinct().ToListAsync(cancellationToken);
        var owners = window.Select(e => e.Owner.ToUpperInvariant()).Distinct().ToList();
        var ownerAccounts = await db.Users.AsNoTracking()
            .Where(u => u.EmailConfirmed && u.Email != null && (owners.Contains(u.NormalizedUserName!) || owners.Contains(u.NormalizedEmail!)))
            .Select(u => new { u.UserName, u.Email }).ToListAsync(cancellationToken);

        var recipients = new Dictionary<string, List<SpotEvent>>(StringComparer.OrdinalIgnoreCase);
        foreach (var address in staff)
            recipients[address] = [.. window];
        foreach (var owner in ownerAccounts)
        {
            var theirs = window.Where(e => string.Equals(e.Owner, owner.UserName, StringComparison.OrdinalIgnoreCase)
                || string.Equals(e.Owner, owner.Email, StringComparison.OrdinalIgnoreCase));
            if (!recipients.ContainsKey(owner.Email!))
                recipients[owner.Email!] = [.. theirs];
        }

        return recipients;
    }

    private OutgoingMail Compose(string address, IReadOnlyList<SpotEvent> alerts)
    {
        var subject = alerts.Count == 1
            ? $"Spot: {SpotAlertText.Kind(alerts[0].Kind)} {alerts[0].MachineName} ({alerts[0].SessionName})"
            : $"Spot: {alerts.Count} alerts in {string.Join(", ", alerts.Select(a => a.SessionName).Distinct().Take(3))}";
        var body = new StringBuilder();
        foreach (var alert in alerts.OrderBy(a => a.At).Take(ListedPerMail))
            body.AppendLine(SpotAlertText.Line(alert));
        if (alerts.Count > ListedPerMail)
            body.AppendLine($"… and {alerts.Count - ListedPerMail} more.");
        body.AppendLine().Append("Spot page: ").AppendLine(site.Link("/spot"));
        return new OutgoingMail(address, subject, body.ToString());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Spot alert mail to {Address} was not sent: {Problem}")]
    private partial void LogNotSent(string address, string? problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mailing {Count} Spot alerts failed.")]
    private partial void LogFailed(Exception ex, int count);
}
