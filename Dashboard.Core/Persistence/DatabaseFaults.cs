using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;

namespace Dashboard.Core.Persistence;

/// <summary>Tells a database that is away for a while (locked, unreachable, failing over) from a write it refuses.</summary>
public static class DatabaseFaults
{
    // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_READONLY
    private static readonly HashSet<int> TransientSqlite = [5, 6, 10, 13, 14, 8];

    // Timeout, deadlock, connection lost, and Azure SQL's "busy / failing over / throttled".
    private static readonly HashSet<int> TransientSqlServer = [-2, 20, 64, 233, 1205, 4060, 10053, 10054, 10060, 10928, 10929, 40143, 40197, 40501, 40540, 40613, 49918, 49919, 49920];

    /// <summary>Whether waiting and trying again can succeed: anything else the database will refuse again.</summary>
    public static bool IsTransient(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case TimeoutException or RetryLimitExceededException:
                    return true;
                case SqliteException sqlite:
                    return TransientSqlite.Contains(sqlite.SqliteErrorCode) || sqlite.IsTransient;
                case SqlException sql:
                    return sql.Errors.Cast<SqlError>().Any(e => TransientSqlServer.Contains(e.Number)) || sql.IsTransient;
                case DbException db:
                    return db.IsTransient;
            }
        }

        return false;
    }

    /// <summary>The innermost message, fitted to the message column: what the health banner shows.</summary>
    public static string Describe(Exception exception)
    {
        var inner = exception;
        while (inner.InnerException is not null)
            inner = inner.InnerException;
        return ColumnLimits.Fit(inner.Message, ColumnLimits.Message);
    }
}
