using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Dashboard.Core.Cloud;
using Dashboard.Core.Live;
using Dashboard.Setup;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Dashboard.Tests.Observability;

public sealed class HealthEndpointTests
{
    private sealed record Ready(HttpStatusCode Code, string Status, IReadOnlyDictionary<string, (string Status, string Description)> Checks, string Body);

    private static async Task<Ready> ReadyAsync(HttpClient client)
    {
        using var response = await client.GetAsync(ObservabilityServiceCollectionExtensions.ReadyPath);
        var text = await response.Content.ReadAsStringAsync();
        using var body = JsonDocument.Parse(text);
        var checks = body.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(
            c => c.GetProperty("name").GetString()!,
            c => (c.GetProperty("status").GetString()!, c.GetProperty("description").GetString() ?? ""));
        return new Ready(response.StatusCode, body.RootElement.GetProperty("status").GetString()!, checks, text);
    }

    private static Task ReadyBecomesAsync(HttpClient client, HttpStatusCode code, string check, string status, string because) =>
        Eventually.TrueAsync(async () => await ReadyAsync(client) is var ready && ready.Code == code && ready.Checks[check].Status == status, because);

    [Fact]
    public async Task Live_answers_200_anonymously_without_running_any_check()
    {
        await using var app = new DashboardAppFactory();
        var client = app.CreateClient();

        using var response = await client.GetAsync(ObservabilityServiceCollectionExtensions.LivePath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Empty(body.RootElement.GetProperty("checks").EnumerateArray());
    }

    [Fact]
    public async Task Ready_is_200_on_a_healthy_app_and_lists_database_cloud_and_redis()
    {
        await using var app = new DashboardAppFactory();
        var client = app.CreateClient();

        await ReadyBecomesAsync(client, HttpStatusCode.OK, "cloud", "Healthy", "the first listing succeeded");

        var ready = await ReadyAsync(client);
        Assert.Equal("Healthy", ready.Status);
        Assert.Equal(["cloud", "database", "redis"], ready.Checks.Keys.Order());
        Assert.Equal(("Healthy", "The database answers."), ready.Checks["database"]);
        Assert.Equal(("Healthy", "Redis is not configured."), ready.Checks["redis"]);
    }

    [Fact]
    public async Task Ready_says_degraded_with_200_until_the_first_listing_after_the_start()
    {
        await using var app = new DashboardAppFactory { TestServices = s => UnreliableCloud.Replace(s, holdListings: true) };
        var client = app.CreateClient();

        var starting = await ReadyAsync(client);

        Assert.Equal((HttpStatusCode.OK, "Degraded"), (starting.Code, starting.Status));
        Assert.Equal(("Degraded", "Starting: the cloud has not been listed yet."), starting.Checks["cloud"]);
        app.Services.GetRequiredService<UnreliableCloud>().ReleaseListings();
        await ReadyBecomesAsync(client, HttpStatusCode.OK, "cloud", "Healthy", "the first listing succeeded");
    }

    [Fact]
    public async Task Ready_is_503_while_the_database_is_away_and_200_again_once_it_answers()
    {
        var outage = new DatabaseOutage();
        await using var app = new DashboardAppFactory { TestServices = outage.AddTo };
        var client = app.CreateClient();
        await ReadyBecomesAsync(client, HttpStatusCode.OK, "database", "Healthy", "the app starts healthy");

        outage.Begin();
        var down = await ReadyAsync(client);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), (down.Code, down.Status));
        Assert.Equal(("Unhealthy", "The database does not answer."), down.Checks["database"]);
        Assert.DoesNotContain(app.DataFolder, down.Body, StringComparison.Ordinal);
        outage.Heal();
        await ReadyBecomesAsync(client, HttpStatusCode.OK, "database", "Healthy", "the database answers again");
    }

    [Fact]
    public async Task Ready_is_503_while_the_cloud_listing_fails_and_200_again_once_it_succeeds()
    {
        await using var app = new DashboardAppFactory { TestServices = UnreliableCloud.Replace };
        var client = app.CreateClient();
        await ReadyBecomesAsync(client, HttpStatusCode.OK, "cloud", "Healthy", "the first listing succeeded");
        var cloud = app.Services.GetRequiredService<UnreliableCloud>();

        cloud.ListingFailure = new CloudOperationException("Unreachable", "secret-subscription cannot be reached.");
        await Eventually.TrueAsync(() => app.Services.GetRequiredService<SessionMonitor>().Health.IsStale, "a listing failed");
        var down = await ReadyAsync(client);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), (down.Code, down.Status));
        Assert.Equal("Unhealthy", down.Checks["cloud"].Status);
        Assert.StartsWith("Listing the cloud's machines fails", down.Checks["cloud"].Description, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-subscription", down.Checks["cloud"].Description, StringComparison.Ordinal);
        cloud.ListingFailure = null;
        await ReadyBecomesAsync(client, HttpStatusCode.OK, "cloud", "Healthy", "listings succeed again");
    }

    [Fact]
    public async Task Ready_is_503_when_redis_is_configured_but_unreachable()
    {
        var closedPort = ClosedLocalPort();
        // Redis itself is never started: the multiplexer points at a local port nobody listens on.
        using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{closedPort},abortConnect=false,connectTimeout=500,password=hunter2");
        await using var app = new DashboardAppFactory { TestServices = s => s.AddSingleton<IConnectionMultiplexer>(redis) };
        var client = app.CreateClient();

        await ReadyBecomesAsync(client, HttpStatusCode.ServiceUnavailable, "redis", "Unhealthy", "the Redis check fails");

        var ready = await ReadyAsync(client);
        Assert.Equal("Redis is not connected.", ready.Checks["redis"].Description);
        Assert.DoesNotContain("hunter2", ready.Body, StringComparison.Ordinal);
    }

    private static int ClosedLocalPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
