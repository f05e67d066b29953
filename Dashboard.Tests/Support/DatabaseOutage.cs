using System.Data.Common;
using Dashboard.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Support;

/// <summary>
/// Makes the dashboard's database fail every command while it is down, as a locked SQLite file does (SQLITE_BUSY),
/// without the busy timeout's wait; healing it lets everything through again.
/// </summary>
public sealed class DatabaseOutage : DbCommandInterceptor
{
    private volatile bool _down;

    public DatabaseOutage(bool down = false) => _down = down;

    public void Begin() => _down = true;

    public void Heal() => _down = false;

    /// <summary>Adds the outage to the dashboard's SQLite context (before Core registers it).</summary>
    public void AddTo(IServiceCollection services) =>
        services.ConfigureDbContext<SqliteDashboardContext>(o => o.AddInterceptors(this));

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Check(result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) => ValueTask.FromResult(Check(result));

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        Check(result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default) => ValueTask.FromResult(Check(result));

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Check(result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default) => ValueTask.FromResult(Check(result));

    private T Check<T>(T result) => _down ? throw new SqliteException("database is locked", 5) : result;
}
