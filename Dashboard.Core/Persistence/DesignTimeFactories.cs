using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Dashboard.Core.Persistence;

// Used only by `dotnet ef` to build each provider's migrations; no server is contacted.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteDashboardContext>
{
    public SqliteDashboardContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteDashboardContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerDashboardContext>
{
    public SqlServerDashboardContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerDashboardContext>().UseSqlServer("Server=design;Database=Dashboard").Options);
}
