namespace Dashboard.Core.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>Settings of section <c>Database</c>; the connection string is <c>ConnectionStrings:Dashboard</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Folder for the SQLite file and the simulated cloud's state, relative to the app's folder.</summary>
    public string DataDirectory { get; set; } = "data";
}
