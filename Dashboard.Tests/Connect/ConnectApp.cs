using System.Net.Http.Json;
using Dashboard.Core.Actions;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Core.Persistence;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Connect;

/// <summary>One dashboard shared by a test class's HTTP checks; clients say who they are with the test headers.</summary>
public sealed class ConnectApp : IAsyncLifetime
{
    public DashboardAppFactory Factory { get; } = new();

    public Task InitializeAsync()
    {
        _ = Factory.Services; // starts the host: migrations, demo people and sessions
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    public MachineView Machine(string name) =>
        Factory.Services.GetRequiredService<SessionMonitor>().Sessions.SelectMany(s => s.Machines).Single(m => m.Name == name);

    /// <summary>A client acting as <paramref name="viewer"/>; null means anonymous (and redirects are not followed).</summary>
    public HttpClient ClientFor(Viewer? viewer)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (viewer is not null)
        {
            client.DefaultRequestHeaders.Add(TestAuthentication.UserHeader, viewer.Name);
            client.DefaultRequestHeaders.Add(TestAuthentication.RolesHeader, string.Join(',', viewer.Roles));
        }

        return client;
    }

    public async Task<HttpResponseMessage> GetConnectionAsync(Viewer? viewer, string machine)
    {
        using var client = ClientFor(viewer);
        return await client.GetAsync($"/api/machines/{Machine(machine).Id}/connection");
    }

    public async Task<HttpResponseMessage> GetRdpAsync(Viewer? viewer, string machine)
    {
        using var client = ClientFor(viewer);
        return await client.GetAsync($"/machines/{Machine(machine).Id}/connect.rdp");
    }

    public static Task<ConnectionDetails?> DetailsOf(HttpResponseMessage response) =>
        response.Content.ReadFromJsonAsync<ConnectionDetails>();

    public async Task<List<ActionLogEntry>> ConnectLogAsync(string actor, string machine)
    {
        await using var db = await Factory.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        return await db.ActionLog.AsNoTracking()
            .Where(e => e.Actor == actor && e.MachineName == machine && e.Action == AuditAction.Connect)
            .OrderBy(e => e.Id).ToListAsync();
    }
}
