using Dashboard.Core.Cloud;
using Dashboard.Core.Cloud.Simulated;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Core.Persistence;
using Dashboard.Core.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Setup;

/// <summary>
/// Applies migrations at start-up and seeds the demo on a first run with the simulated cloud. A database that does not
/// answer does not stop the start: it is shown as a health problem and tried again in the background. A database that
/// serves another cloud stops it (<see cref="CloudBindingGuard"/>).
/// </summary>
internal sealed partial class DatabaseInitializer(
    IDbContextFactory<DashboardDbContext> factory,
    SessionStore store,
    IServiceProvider services,
    CloudBindingGuard binding,
    IOptions<CloudOptions> cloudOptions,
    IOptions<DemoOptions> demoOptions,
    DatabaseHealth health,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await TryInitializeAsync(cancellationToken))
            return;
        _ = RetryAsync(_stopping.Token);
    }

    public Task StopAsync(CancellationToken cancellationToken) => _stopping.CancelAsync();

    private async Task RetryAsync(CancellationToken cancellationToken)
    {
        try
        {
            for (var wait = Backoff.First; !await TryInitializeAsync(cancellationToken); wait = Backoff.Next(wait))
                await Task.Delay(wait, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        catch (CloudMismatchException ex)
        {
            // Found once the database answered: serving it beside this cloud is what the check exists to prevent.
            LogWrongCloud(ex);
            lifetime.StopApplication();
        }
    }

    private async Task<bool> TryInitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await InitializeAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not CloudMismatchException
            && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            health.Failed(ex);
            LogStartFailed(ex);
            return false;
        }

        health.MarkReady();
        return true;
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
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

    [LoggerMessage(LogLevel.Critical, "The dashboard stops: {Message}")]
    private partial void LogWrongCloud(CloudMismatchException exception, string message);

    private void LogWrongCloud(CloudMismatchException exception) => LogWrongCloud(exception, exception.Message);

    [LoggerMessage(LogLevel.Error, "Preparing the database failed; trying again in the background")]
    private partial void LogStartFailed(Exception exception);
}
