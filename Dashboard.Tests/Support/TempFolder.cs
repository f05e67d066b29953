namespace Dashboard.Tests.Support;

/// <summary>A fresh folder per test fixture: its own SQLite file and simulated cloud state.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("dashboard-tests-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the OS temp folder is cleaned anyway.
        }
    }
}
