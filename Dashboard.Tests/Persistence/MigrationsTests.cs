using Dashboard.Core.Persistence;
using Dashboard.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dashboard.Tests.Persistence;

public sealed class MigrationsTests
{
    private static readonly string[] Tables = ["Sessions", "Machines", "Formations", "ActionLog", "StateChanges"];

    [Fact]
    public async Task The_sqlite_migrations_create_every_table_on_a_fresh_file()
    {
        using var folder = new TempFolder();
        var connection = $"Data Source={Path.Combine(folder.Path, "fresh.db")};Pooling=False";
        await using var db = new SqliteDashboardContext(
            new DbContextOptionsBuilder<SqliteDashboardContext>().UseSqlite(connection).Options);

        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var tables = await db.Database.SqlQueryRaw<string>(
            "SELECT name AS Value FROM sqlite_master WHERE type = 'table'").ToListAsync();
        Assert.All(Tables, table => Assert.Contains(table, tables));
        Assert.Empty(await db.Machines.ToListAsync());
    }

    [Fact]
    public void The_sqlite_migrations_match_the_model()
    {
        using var db = new SqliteDashboardContext(
            new DbContextOptionsBuilder<SqliteDashboardContext>().UseSqlite("Data Source=unused.db").Options);

        Assert.False(db.Database.HasPendingModelChanges(), "Add a SQLite migration: the model changed since the last one.");
    }

    [Fact]
    public void The_sql_server_migrations_match_the_model()
    {
        using var db = SqlServer();

        Assert.False(db.Database.HasPendingModelChanges(), "Add a SQL Server migration: the model changed since the last one.");
    }

    [Fact]
    public void The_sql_server_script_creates_every_table_with_unicode_text_and_unique_machine_names()
    {
        using var db = SqlServer();

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.All(Tables, table => Assert.Contains($"CREATE TABLE [{table}]", script));
        var machines = TableDefinition(script, "Machines");
        Assert.Contains("[Name] nvarchar(64) NOT NULL", machines);
        Assert.Contains("[State] nvarchar(16) NOT NULL", machines);
        Assert.Contains("[LastError] nvarchar(1000) NULL", machines);
        Assert.Contains("[Actor] nvarchar(256) NOT NULL", TableDefinition(script, "ActionLog"));
        Assert.Contains("CREATE UNIQUE INDEX [IX_Machines_Name] ON [Machines] ([Name]);", script);
        Assert.Contains("IF NOT EXISTS", script);
        Assert.Contains("__EFMigrationsHistory", script);
    }

    private static string TableDefinition(string script, string table)
    {
        var start = script.IndexOf($"CREATE TABLE [{table}]", StringComparison.Ordinal);
        Assert.True(start >= 0, $"The script creates no table {table}.");
        return script[start..script.IndexOf(");", start, StringComparison.Ordinal)];
    }

    private static SqlServerDashboardContext SqlServer() =>
        new(new DbContextOptionsBuilder<SqlServerDashboardContext>().UseSqlServer("Server=none;Database=Dashboard").Options);
}
