using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Dashboard.Benchmarks;

/// <summary>Azurite's queue service (the copy ./test.sh installs into .tools/azurite) on a free loopback port.</summary>
public sealed class AzuriteProcess : IDisposable
{
    private const string Account = "devstoreaccount1";
    // Azurite's well-known development key, the same for every installation.
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly DirectoryInfo _data;

    private AzuriteProcess(Process process, DirectoryInfo data, int port)
    {
        _process = process;
        _data = data;
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};QueueEndpoint=http://127.0.0.1:{port}/{Account};";
    }

    public string ConnectionString { get; }

    /// <summary>Starts Azurite, or returns null (saying why) when it is not installed.</summary>
    public static async Task<AzuriteProcess?> StartAsync()
    {
        var main = FindMain();
        if (main is null)
        {
            Show.Progress("Azurite is not installed (./test.sh installs it into .tools/azurite): the queue path is not measured.");
            return null;
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var data = Directory.CreateTempSubdirectory("dashboard-azurite-");
        var process = Process.Start(new ProcessStartInfo("node")
        {
            ArgumentList = { main, "--queueHost", "127.0.0.1", "--queuePort", port.ToString(), "--location", data.FullName, "--skipApiVersionCheck", "--silent" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("node did not start Azurite.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return new AzuriteProcess(process, data, port);
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException("Azurite did not answer within 30 s.");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
        _data.Delete(recursive: true);
    }

    private static string? FindMain()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var main = Path.Combine(dir.FullName, ".tools", "azurite", "node_modules", "azurite", "dist", "src", "queue", "main.js");
            if (File.Exists(main))
                return main;
        }

        return null;
    }
}
