using Dashboard.Core.Cloud;
using Dashboard.Core.Cloud.Simulated;
using Dashboard.Core.People;
using Dashboard.Core.Persistence;
using Dashboard.Core.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Setup;

/// <summary>Applies migrations at start-up and seeds the demo on a first run with the simulated cloud.</summary>
internal sealed class DatabaseInitializer(
    IDbContextFactory<DashboardDbContext> factory,
    SessionStore store,
    IServiceProvider services,
    CloudBindingGuard binding,
    IOptions<CloudOptions> cloudOptions,
    IOptions<DemoOptions> demoOptions,
    TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        bool firstRun;
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
            firstRun = !await db.Formations.AnyAsync(cancellationToken);
            await binding.EnsureAsync(db, firstRun, cancellationToken);
        }

        using var scope = services.CreateScope();
        var people = scope.ServiceProvider.GetRequiredService<PeopleInitializer>();
        await people.EnsureRolesAsync();
        if (firstRun)
            await SeedAsync(people, cancellationToken);
        await people.EnsureAdminAsync();
    }

    private async Task SeedAsync(PeopleInitializer people, CancellationToken cancellationToken)
    {
        var formations = DemoData.Formations();
        await store.AddFormationsAsync(formations, cancellationToken);
        if (cloudOptions.Value.Provider != CloudProvider.Simulated || !demoOptions.Value.SeedOnFirstRun)
            return;

        var cloud = services.GetRequiredService<SimulatedCloud>();
        foreach (var session in DemoData.Sessions(formations, time.GetUtcNow(), cloud))
        {
            cloud.AddRunning(session.Machines.Select(m => SessionPlanner.SpecOf(session, m)));
            await store.AddSessionAsync(session, cancellationToken);
        }

        // Demo people exist only beside the simulated cloud, never next to real machines.
        await people.SeedDemoAsync();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
