using Dashboard.Core.Mail;
using Dashboard.Core.People;
using Dashboard.Core.Spot;
using Dashboard.Core.Spot.Alerts;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Spot;

public sealed class SpotNotificationTests
{
    private static readonly Viewer Student = TestViewers.Student(1);

    [Fact]
    public async Task An_eviction_gives_ops_admins_and_the_owner_an_unread_notification_and_nobody_else_any()
    {
        await using var core = await CoreHost.StartAsync();
        var notifications = core.Services.GetRequiredService<SpotNotifications>();
        var worker = core.Monitor.FindSession("spark-analytics")!.Machines.First(m => m.IsSpot);

        await core.Cloud.SimulateEvictionAsync(worker.CloudId!, CancellationToken.None);

        await Eventually.TrueAsync(async () => await notifications.UnreadCountAsync(TestViewers.Ops) == 1, "ops have one unread alert");
        Assert.Equal(1, await notifications.UnreadCountAsync(TestViewers.Admin));
        Assert.Equal(1, await notifications.UnreadCountAsync(TestViewers.Instructor));
        var listed = Assert.Single(await notifications.RecentAsync(TestViewers.Instructor));
        Assert.Equal((SpotEventKind.Evicted, worker.Name, "spark-analytics", true), (listed.Kind, listed.MachineName, listed.SessionName, listed.IsUnread));

        foreach (var outsider in new[] { Student, TestViewers.OtherInstructor, Viewer.For("") })
        {
            Assert.Equal(0, await notifications.UnreadCountAsync(outsider));
            Assert.Empty(await notifications.RecentAsync(outsider));
        }
    }

    [Fact]
    public async Task Mark_all_read_clears_only_that_persons_count_and_it_stays_so_after_a_restart()
    {
        var core = await CoreHost.StartAsync();
        var events = core.Services.GetRequiredService<SpotEvents>();
        var notifications = core.Services.GetRequiredService<SpotNotifications>();
        events.Raise(SpotAlertEvents.About(core, "spark-analytics"));
        events.Raise(SpotAlertEvents.About(core, "genomics-hpc"));
        await Eventually.TrueAsync(async () => await notifications.UnreadCountAsync(TestViewers.Ops) == 2, "ops have two unread alerts");

        await notifications.MarkAllReadAsync(TestViewers.Ops);

        Assert.Equal(0, await notifications.UnreadCountAsync(TestViewers.Ops));
        Assert.Equal(2, await notifications.UnreadCountAsync(TestViewers.Admin));
        var folder = await core.StopKeepingDataAsync();
        await using var restarted = await CoreHost.StartAsync(folder);
        var afterRestart = restarted.Services.GetRequiredService<SpotNotifications>();
        Assert.Equal(0, await afterRestart.UnreadCountAsync(TestViewers.Ops));
        Assert.Equal(2, await afterRestart.UnreadCountAsync(TestViewers.Admin));
        Assert.Equal(2, (await afterRestart.RecentAsync(TestViewers.Ops)).Count);
    }

    [Fact]
    public async Task A_recovery_is_listed_but_not_counted_and_a_failed_recovery_is_counted()
    {
        await using var core = await CoreHost.StartAsync();
        var events = core.Services.GetRequiredService<SpotEvents>();
        var notifications = core.Services.GetRequiredService<SpotNotifications>();

        events.Raise(SpotAlertEvents.About(core, "spark-analytics", SpotEventKind.Recovered));
        events.Raise(SpotAlertEvents.About(core, "spark-analytics", SpotEventKind.RecoveryFailed, detail: "no capacity"));

        await Eventually.TrueAsync(async () => (await notifications.RecentAsync(TestViewers.Instructor)).Count == 2, "both are listed");
        Assert.Equal(1, await notifications.UnreadCountAsync(TestViewers.Instructor));
        var failed = (await notifications.RecentAsync(TestViewers.Instructor)).Single(n => n.IsUnread);
        Assert.Equal((SpotEventKind.RecoveryFailed, "no capacity"), (failed.Kind, failed.Detail));
    }

    [Fact]
    public async Task Two_hundred_evictions_at_once_are_a_few_writes_and_one_mail_per_recipient()
    {
        await using var core = await CoreHost.StartAsync(new Dictionary<string, string?> { ["Alerts:EmailIntervalSeconds"] = "1" });
        var events = core.Services.GetRequiredService<SpotEvents>();
        var notifications = core.Services.GetRequiredService<SpotNotifications>();
        var outbox = core.Services.GetRequiredService<MailOutbox>();
        var before = outbox.Mails.Count;

        for (var i = 0; i < 200; i++)
            events.Raise(SpotAlertEvents.About(core, i % 2 == 0 ? "spark-analytics" : "genomics-hpc", index: i));

        await Eventually.TrueAsync(async () => await notifications.UnreadCountAsync(TestViewers.Ops) == 200, "ops have 200 unread alerts");
        Assert.InRange(notifications.Saves, 1, 5);
        await Eventually.TrueAsync(() => outbox.Mails.Count(m => m.Subject.StartsWith("Spot:", StringComparison.Ordinal)) >= 3,
            "ops, the admin and the owner got their mail");
        var spotMails = outbox.Mails.Take(outbox.Mails.Count - before).Where(m => m.Subject.StartsWith("Spot:", StringComparison.Ordinal)).ToList();
        Assert.Equal(["admin@demo.test", "instructor@demo.test", "ops@demo.test"], spotMails.Select(m => m.To).Order().ToArray());
        Assert.All(spotMails, m => Assert.Contains("200 alerts", m.Subject, StringComparison.Ordinal));
        Assert.All(spotMails, m => Assert.Contains("/spot", m.Body, StringComparison.Ordinal));
        Assert.DoesNotContain(outbox.Mails, m => m.To.StartsWith("student", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_alert_after_a_quiet_spell_is_mailed_within_seconds_not_after_the_whole_interval()
    {
        await using var core = await CoreHost.StartAsync(new Dictionary<string, string?> { ["Alerts:EmailIntervalSeconds"] = "600" });
        var outbox = core.Services.GetRequiredService<MailOutbox>();

        core.Services.GetRequiredService<SpotEvents>().Raise(SpotAlertEvents.About(core, "spark-analytics"));

        await Eventually.TrueAsync(() => outbox.Mails.Any(m => m.To == "ops@demo.test" && m.Subject.StartsWith("Spot:", StringComparison.Ordinal)),
            "ops get the first alert's mail at once", TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task With_alert_mails_turned_off_nobody_is_mailed()
    {
        await using var core = await CoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["Alerts:Email"] = "false",
            ["Alerts:EmailIntervalSeconds"] = "0",
        });
        var notifications = core.Services.GetRequiredService<SpotNotifications>();
        core.Services.GetRequiredService<SpotEvents>().Raise(SpotAlertEvents.About(core, "spark-analytics"));

        await Eventually.TrueAsync(async () => await notifications.UnreadCountAsync(TestViewers.Ops) == 1, "the bell still counts it");
        Assert.DoesNotContain(core.Services.GetRequiredService<MailOutbox>().Mails, m => m.Subject.StartsWith("Spot:", StringComparison.Ordinal));
    }
}
