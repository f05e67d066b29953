using System.Net;
using System.Text.Json;
using Dashboard.Core.People;
using Dashboard.Core.Spot;
using Dashboard.Core.Spot.Alerts;
using Dashboard.Tests.Connect;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Spot;

/// <summary><c>GET /api/notifications</c> answers each caller with their own notifications only.</summary>
public sealed class NotificationEndpointTests : IAsyncLifetime
{
    private readonly ConnectApp _app = new();
    private string _machine = "";

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        var services = _app.Factory.Services;
        var session = services.GetRequiredService<Dashboard.Core.Live.SessionMonitor>().FindSession("spark-analytics")!;
        var worker = session.Machines.First(m => m.IsSpot);
        _machine = worker.Name;
        services.GetRequiredService<SpotEvents>().Raise(new SpotEvent(SpotEventKind.Evicted, session.Id, session.Name, session.Owner,
            worker.Id, worker.Name, worker.Size, worker.EvictionPolicy, DateTimeOffset.UtcNow, "reclaimed"));
        var notifications = services.GetRequiredService<SpotNotifications>();
        await Eventually.TrueAsync(async () => await notifications.UnreadCountAsync(TestViewers.Ops) == 1, "the eviction is saved");
    }

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Ops_and_the_owner_read_the_eviction_and_another_instructor_and_a_student_read_nothing()
    {
        foreach (var viewer in new[] { TestViewers.Ops, TestViewers.Admin, TestViewers.Instructor })
        {
            var body = await GetAsync(viewer);
            Assert.Equal(1, body.GetProperty("unread").GetInt32());
            Assert.Equal(_machine, body.GetProperty("notifications")[0].GetProperty("machineName").GetString());
        }

        foreach (var viewer in new[] { TestViewers.OtherInstructor, Viewer.For("student01@demo.test", Roles.Student) })
        {
            var body = await GetAsync(viewer);
            Assert.Equal(0, body.GetProperty("unread").GetInt32());
            Assert.Equal(0, body.GetProperty("notifications").GetArrayLength());
        }
    }

    [Fact]
    public async Task An_anonymous_caller_is_challenged()
    {
        using var client = _app.ClientFor(null);
        using var response = await client.GetAsync("/api/notifications");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(_machine, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> GetAsync(Viewer viewer)
    {
        using var client = _app.ClientFor(viewer);
        using var response = await client.GetAsync("/api/notifications");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
