using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Storage.Queues;

namespace Dashboard.Tests.Support;

/// <summary>
/// Azurite's queue service on a free loopback port with its own temp folder, per test class. It comes from the npm
/// package that ./test.sh installs into .tools/azurite; without it the tests fail and say how to install it.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string InstallCommand = "npm install --prefix .tools/azurite azurite@3.37.0 --no-audit --no-fund";

    // Azurite's well-known development account, the same for every installation.
    private const string Account = "devstoreaccount1";
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly TempFolder _folder = new();
    private Process? _process;

    public int Port { get; private set; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};QueueEndpoint=http://127.0.0.1:{Port}/{Account};";

    public async Task InitializeAsync()
    {
        var main = MainScript();
        Port = FreePort();
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { main, "--queueHost", "127.0.0.1", "--queuePort", Port.ToString(), "--location", _folder.Path, "--skipApiVersionCheck", "--silent" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start Azurite.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilAnsweringAsync();
    }

    /// <summary>A new, empty queue of its own for one test.</summary>
    public async Task<QueueClient> CreateQueueAsync()
    {
        var queue = new QueueClient(ConnectionString, $"health-{Guid.NewGuid():N}",
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        await queue.CreateAsync();
        return queue;
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _folder.Dispose();
    }

    private static string MainScript()
    {
        var root = RepositoryRoot();
        var main = Path.Combine(root, ".tools", "azurite", "node_modules", "azurite", "dist", "src", "queue", "main.js");
        if (!File.Exists(main))
            throw new InvalidOperationException($"Azurite is not installed (no {main}). Run ./test.sh, or in {root}: {InstallCommand}");
        return main;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dashboard.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("Dashboard.sln is not above the test binaries; cannot find .tools/azurite.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilAnsweringAsync()
    {
        var probeOptions = new QueueClientOptions();
        probeOptions.Retry.MaxRetries = 0;
        var probe = new QueueServiceClient(ConnectionString, probeOptions);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"Azurite exited at start with code {_process.ExitCode}.");
            try
            {
                await probe.GetPropertiesAsync();
                return;
            }
            catch (Exception) when (watch.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }
        }
    }
}
