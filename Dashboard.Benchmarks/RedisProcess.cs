using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Dashboard.Benchmarks;

/// <summary>A redis-server from Debian's packages (./test.sh installs it) on a free loopback port, without persistence.</summary>
public sealed class RedisProcess : IDisposable
{
    private readonly Process _process;

    private RedisProcess(Process process, int port)
    {
        _process = process;
        Configuration = $"127.0.0.1:{port}";
    }

    public string Configuration { get; }

    /// <summary>Starts redis-server, or returns null (saying why) when it is not installed.</summary>
    public static async Task<RedisProcess?> StartAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        Process? process;
        try
        {
            process = Process.Start(new ProcessStartInfo("redis-server", $"--port {port} --bind 127.0.0.1 --save \"\" --appendonly no")
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            });
        }
        catch (System.ComponentModel.Win32Exception)
        {
            process = null;
        }

        if (process is null)
        {
            Show.Progress("redis-server is not installed (./test.sh installs it): the scale-out figures are not measured.");
            return null;
        }

        process.BeginOutputReadLine();
        for (var tries = 0; tries < 100; tries++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return new RedisProcess(process, port);
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        process.Kill();
        throw new InvalidOperationException("redis-server did not answer.");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.Dispose();
    }
}
