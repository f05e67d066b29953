namespace Dashboard.Tests.Support;

/// <summary>
/// Where tests leave files for people: <c>$TEST_ARTIFACTS_DIR</c> if set, else <c>&lt;repo&gt;/artifacts</c>
/// (ignored by git), else <c>artifacts</c> next to the test assembly.
/// </summary>
public static class Artifacts
{
    /// <summary>The repository root (the folder of Dashboard.sln), or null when the tests run outside the repository.</summary>
    public static string? RepositoryRoot { get; } = FindRepositoryRoot();

    // Declared after RepositoryRoot: static initialisers run in order.
    public static string Root { get; } = FindRoot();

    /// <summary>The path of a screenshot under <c>screenshots/</c>, its folder created.</summary>
    public static string Screenshot(string fileName)
    {
        var folder = Path.Combine(Root, "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, fileName);
    }

    private static string FindRoot()
    {
        var configured = Environment.GetEnvironmentVariable("TEST_ARTIFACTS_DIR");
        if (!string.IsNullOrWhiteSpace(configured))
            return Path.GetFullPath(configured);
        return RepositoryRoot is { } repo
            ? Path.Combine(repo, "artifacts")
            : Path.Combine(AppContext.BaseDirectory, "artifacts");
    }

    private static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dashboard.sln")))
                return dir.FullName;
        }

        return null;
    }
}
