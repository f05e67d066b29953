using System.Reflection;
using System.Text.Json;
using Dashboard.Client;
using Dashboard.Core.Api;
using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Core.Setup;
using Dashboard.Hubs;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Tests.Api;

/// <summary>The typed hub client against the real hub: personal access tokens and cookies, and the message contract.</summary>
public sealed class HubClientTests : IAsyncLifetime
{
    private readonly ApiApp _app = new(new Dictionary<string, string?> { ["Accounts:RecheckSeconds"] = "0.2" });
    private readonly List<IAsyncDisposable> _clients = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
            await client.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_token_opens_the_hub_and_a_student_s_token_shows_only_their_machine()
    {
        var instructor = await ConnectAsync(await _app.TokenForAsync(DemoData.Instructor, ApiScopes.Read));
        var student = await ConnectAsync(await _app.TokenForAsync(DemoData.Student(1), ApiScopes.Read));

        Assert.Equal(["python-workshop", "desktop-lab", "spark-analytics", "genomics-hpc"], (await instructor.GetSessionsAsync()).Select(s => s.Name));
        var mine = Assert.Single(await student.WatchAllAsync());
        Assert.Equal([_app.MachineOf(DemoData.Student(1)).Name], mine.Machines.Select(m => m.Name));
        Assert.Null(mine.Budget);
        await Assert.ThrowsAsync<HubException>(() => student.WatchAsync("spark-analytics"));
    }

    [Theory]
    [InlineData("dpat_nobody-made-this")]
    [InlineData("")]
    public async Task An_unknown_token_does_not_open_the_hub(string token)
    {
        var client = Track(TypedHubClients.WithToken(_app.Factory.Server, token));

        await Assert.ThrowsAnyAsync<Exception>(() => client.StartAsync());
        Assert.Equal(HubConnectionState.Disconnected, client.State);
    }

    [Fact]
    public async Task A_token_without_the_read_scope_does_not_open_the_hub()
    {
        var client = Track(TypedHubClients.WithToken(_app.Factory.Server, await _app.TokenForAsync(DemoData.Instructor, ApiScopes.Act)));

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.StartAsync());
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Locking_the_account_closes_its_token_s_connection_and_the_token_cannot_reconnect()
    {
        var token = await _app.TokenForAsync(DemoData.Student(3), ApiScopes.Read);
        var client = await ConnectAsync(token);

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
            var user = (await users.FindByNameAsync(DemoData.Student(3)))!;
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddYears(1));
        }

        await Eventually.TrueAsync(() => client.State == HubConnectionState.Disconnected, "the locked account's connection is closed");
        var again = Track(TypedHubClients.WithToken(_app.Factory.Server, token));
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => again.StartAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_sign_in_cookie_opens_the_hub_too()
    {
        using var browser = new CookieBrowser(_app.Factory.Server);
        await browser.SubmitFormAsync("/account/login", new Dictionary<string, string>
        {
            ["Input.Email"] = DemoData.Instructor, ["Input.Password"] = PeopleInitializer.DemoPassword,
        });
        var client = Track(TypedHubClients.WithCookie(_app.Factory.Server, browser.DashboardCookieHeader));
        await client.StartAsync();

        Assert.Equal(4, (await client.GetSessionsAsync()).Count);
        Assert.False((await client.GetCloudHealthAsync()).IsStale);
    }

    [Fact]
    public async Task Changes_arrive_as_the_client_s_records_with_the_server_s_values()
    {
        var token = await _app.TokenForAsync(DemoData.Instructor);
        var client = await ConnectAsync(token);
        var changes = new List<SessionDto>();
        client.SessionChanged += s =>
        {
            lock (changes)
                changes.Add(s);
        };
        var watched = await client.WatchAsync("python-workshop");
        var machine = _app.MachineOf(DemoData.Student(2));

        var api = DashboardApiClient.WithToken(_app.Client(null), token);
        var stopped = await api.RunActionAsync(machine.Id, "stop", idempotencyKey: "contract");

        Assert.Equal("Succeeded", stopped.Outcome);
        Assert.Equal(12, watched.Machines.Count);
        Assert.Equal("MachinePool", watched.Kind);
        Assert.Equal(DemoData.Instructor, watched.Owner);
        await Eventually.TrueAsync(() =>
        {
            lock (changes)
                return changes.Any(s => s.Machines.Any(m => m.Id == machine.Id && m.State == "Deallocated"));
        }, "the stop reaches the hub client");
        lock (changes)
        {
            var busy = changes.SelectMany(s => s.Machines).First(m => m.Id == machine.Id && m.Operation is not null);
            Assert.Equal("Stop", busy.Operation!.Name);
            Assert.Equal(DemoData.Instructor, busy.Operation.Actor);
            Assert.Equal("Running", busy.Operation.Before);
        }
    }

    [Fact]
    public async Task Every_property_of_the_client_s_records_is_in_the_hub_s_messages()
    {
        // Raw JSON from the real hub, read by nobody's types: a field the server renames or drops fails here.
        await using var raw = TestHubConnections.Build(_app.Factory.Server, "admin@demo.test", Roles.Admin);
        await raw.StartAsync();
        var sessions = await raw.InvokeAsync<JsonElement>(nameof(SessionsHub.GetSessions));
        var health = await raw.InvokeAsync<JsonElement>(nameof(SessionsHub.GetCloudHealth));
        var session = sessions.EnumerateArray().First(s => s.GetProperty("name").GetString() == "spark-analytics");

        AssertMirrors<SessionDto>(session);
        AssertMirrors<MachineDto>(session.GetProperty("machines")[0]);
        AssertMirrors<ClassTimeDto>(session.GetProperty("classTime"));
        AssertMirrors<ClassTimeSettingsDto>(session.GetProperty("classTime").GetProperty("settings"));
        AssertMirrors<CloudHealthDto>(health);
        var typed = JsonSerializer.Deserialize<SessionDto>(session.GetRawText(), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var server = _app.Monitor.FindSession("spark-analytics")!;
        Assert.Equal(server.Machines.Select(m => (m.Id, m.Name, m.Role.ToString(), m.Priority.ToString(), m.State.ToString())),
            typed.Machines.Select(m => (m.Id, m.Name, m.Role, m.Priority, m.State)));
        Assert.Equal(server.EvictedCount, typed.EvictedCount);
    }

    private static void AssertMirrors<T>(JsonElement json)
    {
        var sent = json.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            Assert.True(sent.Contains(name), $"{typeof(T).Name}.{property.Name} is not in the hub's message ({string.Join(", ", sent)}).");
        }
    }

    private async Task<SessionsHubClient> ConnectAsync(string token)
    {
        var client = Track(TypedHubClients.WithToken(_app.Factory.Server, token));
        await client.StartAsync();
        return client;
    }

    private SessionsHubClient Track(SessionsHubClient client)
    {
        _clients.Add(client);
        return client;
    }
}
