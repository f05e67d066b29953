using Dashboard.Account;
using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Core.Persistence;
using Dashboard.Hubs;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Account;

/// <summary>
/// A hub connection is signed in once, when it opens. These prove that it ends when its account is locked,
/// deleted or given other roles, while the connections of everyone else stay open.
/// </summary>
public sealed class HubAccessFollowsAccountTests : IAsyncLifetime
{
    private static readonly Viewer Admin = Viewer.For("admin@demo.test", Roles.Admin);
    private readonly DashboardAppFactory _app = new(new Dictionary<string, string?> { ["Accounts:RecheckSeconds"] = "0.2" });
    private readonly List<HubConnection> _connections = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
            await connection.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Locking_an_account_closes_its_hub_connections_and_no_one_elses()
    {
        var student = await ConnectAsync("student05@demo.test");
        var again = await ConnectAsync("student05@demo.test");
        var bystander = await ConnectAsync("student06@demo.test");

        var locked = await AsAdminAsync((admin, id) => admin.LockAsync(Admin, id), "student05@demo.test");

        Assert.True(locked.Succeeded, locked.Message);
        await Eventually.TrueAsync(() => student.State == HubConnectionState.Disconnected && again.State == HubConnectionState.Disconnected,
            "both of the locked student's connections are closed");
        await _app.Services.GetRequiredService<HubAccountMonitor>().CheckOnceAsync();
        Assert.Equal(HubConnectionState.Connected, bystander.State);
        Assert.NotEmpty(await bystander.InvokeAsync<IReadOnlyList<SessionView>>(nameof(SessionsHub.GetSessions)));
        Assert.Contains(await AuditAsync("student05@demo.test"), e => e.Action == AuditAction.EndConnection && e.Error!.Contains("locked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_locked_account_cannot_reconnect_with_the_cookie_it_still_holds()
    {
        using var browser = new CookieBrowser(_app.Server);
        await browser.SubmitFormAsync("/account/login", new Dictionary<string, string>
        {
            ["Input.Email"] = "student10@demo.test", ["Input.Password"] = PeopleInitializer.DemoPassword,
        });
        var first = CookieHubConnections.Build(_app.Server, browser.DashboardCookieHeader);
        _connections.Add(first);
        await first.StartAsync();

        await AsAdminAsync((admin, id) => admin.LockAsync(Admin, id), "student10@demo.test");
        await Eventually.TrueAsync(() => first.State == HubConnectionState.Disconnected, "the connection is closed");
        var again = CookieHubConnections.Build(_app.Server, browser.DashboardCookieHeader);
        _connections.Add(again);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => again.StartAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_role_change_closes_the_connection_that_still_carries_the_old_roles()
    {
        var ops = await ConnectAsync("ops@demo.test");
        Assert.Equal(4, (await ops.InvokeAsync<IReadOnlyList<SessionView>>(nameof(SessionsHub.WatchAll))).Count);

        var changed = await AsAdminAsync((admin, id) => admin.SetRolesAsync(Admin, id, [Roles.Student]), "ops@demo.test");

        Assert.True(changed.Succeeded, changed.Message);
        await Eventually.TrueAsync(() => ops.State == HubConnectionState.Disconnected, "the connection with the old roles is closed");
    }

    [Fact]
    public async Task Five_wrong_passwords_typed_by_someone_else_do_not_end_the_owners_connection()
    {
        var student = await ConnectAsync("student08@demo.test");
        using var stranger = new CookieBrowser(_app.Server);
        for (var i = 0; i < 5; i++)
        {
            await stranger.SubmitFormAsync("/account/login", new Dictionary<string, string>
            {
                ["Input.Email"] = "student08@demo.test", ["Input.Password"] = "not-the-password",
            });
        }

        await _app.Services.GetRequiredService<HubAccountMonitor>().CheckOnceAsync();
        await _app.Services.GetRequiredService<HubAccountMonitor>().CheckOnceAsync();

        Assert.Equal(HubConnectionState.Connected, student.State);
        Assert.NotEmpty(await student.InvokeAsync<IReadOnlyList<SessionView>>(nameof(SessionsHub.GetSessions)));
        Assert.DoesNotContain(await AuditAsync("student08@demo.test"), e => e.Action == AuditAction.EndConnection);
    }

    [Fact]
    public async Task Deleting_an_account_closes_its_hub_connection()
    {
        var student = await ConnectAsync("student07@demo.test");

        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
            await users.DeleteAsync((await users.FindByEmailAsync("student07@demo.test"))!);
        }

        await Eventually.TrueAsync(() => student.State == HubConnectionState.Disconnected, "the deleted account's connection is closed");
    }

    private async Task<HubConnection> ConnectAsync(string email)
    {
        var connection = await CookieHubConnections.SignInAndConnectAsync(_app.Server, email);
        _connections.Add(connection);
        return connection;
    }

    private async Task<AccountChange> AsAdminAsync(Func<AccountAdministration, string, Task<AccountChange>> change, string email)
    {
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var account = (await users.FindByEmailAsync(email))!;
        return await change(scope.ServiceProvider.GetRequiredService<AccountAdministration>(), account.Id);
    }

    private async Task<List<ActionLogEntry>> AuditAsync(string actor)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        return await db.ActionLog.Where(e => e.Actor == actor).ToListAsync();
    }
}
