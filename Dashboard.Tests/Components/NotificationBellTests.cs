using Bunit;
using Dashboard.Components.Layout;
using Dashboard.Core.Spot;
using Dashboard.Core.Spot.Alerts;
using Dashboard.Tests.Spot;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Components;

public sealed class NotificationBellTests : DashboardComponentTest
{
    private SpotEvents Events => Core.Services.GetRequiredService<SpotEvents>();

    private SpotNotifications Notifications => Core.Services.GetRequiredService<SpotNotifications>();

    [Fact]
    public async Task The_bell_counts_an_eviction_live_lists_it_with_a_link_to_the_Spot_page_and_mark_all_read_clears_it()
    {
        SignIn(TestViewers.Ops);
        var bell = Render<NotificationBell>();
        Assert.Equal("0", bell.Find("button[aria-label='Notifications']").GetAttribute("data-unread"));
        var evicted = SpotAlertEvents.About(Core, "spark-analytics", detail: "reclaimed by the cloud");

        Events.Raise(evicted);

        await bell.WaitForAssertionAsync(() =>
            Assert.Equal("1", bell.Find("button[aria-label='Notifications']").GetAttribute("data-unread")), Patience);
        await bell.Find("button[aria-label='Notifications']").ClickAsync(new());
        var row = Assert.Single(bell.FindAll("[data-notification]"));
        Assert.Equal(("Evicted", evicted.MachineName, "spark-analytics", "/spot"),
            (row.GetAttribute("data-notification"), row.GetAttribute("data-machine"), row.GetAttribute("data-session"), row.GetAttribute("href")));
        Assert.Contains("evicted", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("reclaimed by the cloud", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", row.GetAttribute("data-unread-row"));

        await bell.Find("button[aria-label='Mark all read']").ClickAsync(new());

        Assert.Equal("0", bell.Find("button[aria-label='Notifications']").GetAttribute("data-unread"));
        Assert.Equal("false", bell.Find("[data-notification]").GetAttribute("data-unread-row"));
        Assert.Equal(1, await Notifications.UnreadCountAsync(TestViewers.Admin));
    }

    [Fact]
    public async Task Another_instructor_sees_no_notification_of_a_session_they_do_not_own_and_a_student_sees_no_bell()
    {
        Events.Raise(SpotAlertEvents.About(Core, "spark-analytics"));
        await Eventually.TrueAsync(async () => await Notifications.UnreadCountAsync(TestViewers.Ops) == 1, "the eviction is saved");

        SignIn(TestViewers.OtherInstructor);
        var bell = Render<NotificationBell>();
        Assert.Equal("0", bell.Find("button[aria-label='Notifications']").GetAttribute("data-unread"));
        await bell.Find("button[aria-label='Notifications']").ClickAsync(new());
        Assert.Empty(bell.FindAll("[data-notification]"));

        SignIn(TestViewers.Student(1));
        Assert.Empty(Render<NotificationBell>().FindAll("button[aria-label='Notifications']"));
    }

    [Fact]
    public async Task The_owner_sees_the_alert_of_their_session()
    {
        SignIn(TestViewers.Instructor);
        var bell = Render<NotificationBell>();

        Events.Raise(SpotAlertEvents.About(Core, "genomics-hpc", SpotEventKind.RecoveryFailed));

        await bell.WaitForAssertionAsync(() =>
            Assert.Equal("1", bell.Find("button[aria-label='Notifications']").GetAttribute("data-unread")), Patience);
    }
}
