using System.Net.Http.Headers;
using Dashboard.Core.Api;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Core.Persistence;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Api;

/// <summary>The whole app with the demo people, and personal access tokens made for them the way the account page makes them.</summary>
public sealed class ApiApp : IAsyncDisposable
{
    public ApiApp(IDictionary<string, string?>? settings = null) => Factory = new DashboardAppFactory(settings);

    public DashboardAppFactory Factory { get; }

    public IServiceProvider Services => Factory.Services;

    public SessionMonitor Monitor => Services.GetRequiredService<SessionMonitor>();

    public async Task<string> TokenForAsync(string email, params string[] scopes)
    {
        var user = await UserAsync(email);
        var made = await Services.GetRequiredService<AccessTokens>().CreateAsync(user.Id, "test", scopes.Length == 0 ? ApiScopes.All : scopes,
            DateTimeOffset.UtcNow.AddDays(30));
        return made.Secret;
    }

    public async Task<DashboardUser> UserAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>().FindByNameAsync(email)
            ?? throw new InvalidOperationException($"No account {email}.");
    }

    /// <summary>A client sending this bearer token (or none), never following redirects.</summary>
    public HttpClient Client(string? token)
    {
        var client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public MachineView MachineOf(string student) =>
        Monitor.FindSession("python-workshop")!.Machines.Single(m => m.AssignedUser == student);

    /// <summary>Every audit row about one machine, as the database holds them.</summary>
    public async Task<List<ActionLogEntry>> AuditOfAsync(string machine)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        return await db.ActionLog.AsNoTracking().Where(e => e.MachineName == machine).ToListAsync();
    }

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}

/// <summary>A test class on its own fresh <see cref="ApiApp"/>.</summary>
public abstract class ApiTest : IAsyncLifetime
{
    protected ApiApp App { get; } = new();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync() => await App.DisposeAsync();
}
