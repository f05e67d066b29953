using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace Dashboard.Benchmarks;

/// <summary>The fan-out scenario's side of the hub client fleet: starts this program again as <c>hub-clients</c>.</summary>
public sealed class HubFleetProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    private HubFleetProcess(Process process, int clients)
    {
        _process = process;
        Clients = clients;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                _lines.Writer.TryComplete();
            else
                _lines.Writer.TryWrite(e.Data);
        };
    }

    public static async Task<HubFleetProcess> StartAsync(Uri baseUrl, int clients, string session, string cookieHeader, bool deltas = false)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // Started as "dotnet Dashboard.Benchmarks.dll" rather than through the app host: name the assembly again.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            start.ArgumentList.Add(typeof(HubFleetProcess).Assembly.Location);
        foreach (var argument in new[] { HubClientFleet.Command, baseUrl.ToString(), clients.ToString(System.Globalization.CultureInfo.InvariantCulture), session })
            start.ArgumentList.Add(argument);
        if (deltas)
            start.ArgumentList.Add("deltas");

        var fleet = new HubFleetProcess(Process.Start(start)!, clients);
        fleet._process.BeginOutputReadLine();
        // The cookie travels on standard input, not on a command line others can read.
        await fleet._process.StandardInput.WriteLineAsync(cookieHeader);
        await fleet._process.StandardInput.FlushAsync();
        await fleet.ExpectAsync("ready", TimeSpan.FromMinutes(2));
        return fleet;
    }

    public int Clients { get; }

    /// <summary>Starts a measuring window in every client; returns once they all listen.</summary>
    public async Task BeginWindowAsync(string state, TimeSpan timeout)
    {
        await SendAsync(FormattableString.Invariant($"measure {state} {timeout.TotalSeconds:0}"));
        await ExpectAsync("measuring", TimeSpan.FromSeconds(30));
    }

    /// <summary>The window's figures, once every client saw the state or the window's timeout passed.</summary>
    public async Task<FleetWindow> EndWindowAsync(TimeSpan timeout)
    {
        var line = await ExpectAsync("result ", timeout);
        return JsonSerializer.Deserialize<FleetWindow>(line["result ".Length..], FleetJson.Options)!;
    }

    private async Task SendAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    private async Task<string> ExpectAsync(string prefix, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(limit.Token);
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                    return line;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The hub client fleet did not say '{prefix.Trim()}' within {timeout.TotalSeconds:0} s.");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"The hub client fleet ended before saying '{prefix.Trim()}'.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await SendAsync("quit");
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
