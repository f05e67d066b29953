using Dashboard.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Persistence;

public sealed class SqlServerResiliencyTests
{
    [Fact]
    public async Task The_sql_server_provider_retries_transient_faults()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "SqlServer",
            ["ConnectionStrings:Dashboard"] = "Server=unused.invalid;Database=Dashboard;Connect Timeout=1",
        }).Build();
        await using var services = new ServiceCollection().AddDashboardPersistence(configuration, Path.GetTempPath()).BuildServiceProvider();
        await using var db = await services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();

        var strategy = db.Database.CreateExecutionStrategy();

        Assert.True(strategy.RetriesOnFailure);
        Assert.IsType<SqlServerRetryingExecutionStrategy>(strategy);
    }

    [Fact]
    public void A_locked_or_busy_database_is_waited_for_while_a_refused_write_is_not()
    {
        Assert.True(DatabaseFaults.IsTransient(new DbUpdateException("save failed", new SqliteException("database is locked", 5))));
        Assert.True(DatabaseFaults.IsTransient(new TimeoutException()));
        Assert.False(DatabaseFaults.IsTransient(new DbUpdateException("save failed", new SqliteException("UNIQUE constraint failed", 19))));
        Assert.False(DatabaseFaults.IsTransient(new InvalidOperationException("a bug")));
    }
}
