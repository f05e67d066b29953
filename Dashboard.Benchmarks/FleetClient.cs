using System.Net;
using System.Text.Json;
using Dashboard.Hubs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Benchmarks;

/// <summary>
/// One hub client of the fleet: signed in with the browser's cookie, watching one session (or all), and timing each
/// machine change from its <c>stateSince</c> (the server's clock, the same machine's) to the moment it arrives.
/// </summary>
public sealed class FleetClient : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string State, DateTimeOffset Since)> _seen = new(StringComparer.Ordinal);
    private readonly List<double> _latenciesMs = [];
    private readonly HubConnection _connection;
    private readonly string _session;
    private readonly bool _watchAll;
    private readonly bool _deltas;
    private DateTimeOffset _windowStart = DateTimeOffset.MaxValue;
    private string? _target;
    private DateTimeOffset? _reachedTargetAt;

    /// <param name="deltas">Watch with WatchDeltas/WatchAllDeltas: only the machines that changed arrive.</param>
    public FleetClient(Uri baseUrl, string cookieHeader, string session, bool watchAll, bool deltas)
    {
        _session = session;
        _watchAll = watchAll;
        _deltas = deltas;
        _connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUrl, SessionsHub.Path.TrimStart('/')), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                // The sign-in cookie is Secure; this client talks plain HTTP to 127.0.0.1, as the browser does.
                foreach (var pair in cookieHeader.Split("; ", StringSplitOptions.RemoveEmptyEntries))
                {
                    var (name, value) = (pair[..pair.IndexOf('=')], pair[(pair.IndexOf('=') + 1)..]);
                    o.Cookies.Add(new Cookie(name, value, "/", baseUrl.Host));
                }
            })
            .Build();
        _connection.On<JsonElement>("SessionChanged", Receive);
        _connection.On<JsonElement>("SessionDelta", delta =>
            Receive(delta.GetProperty("session"), delta.GetProperty("machines"), delta.GetProperty("session").GetProperty("machineCount").GetInt32()));
        _connection.Closed += _ =>
        {
            IsClosed = true;
            return Task.CompletedTask;
        };
    }

    public bool IsClosed { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _connection.StartAsync(cancellationToken);
        if (_watchAll)
        {
            foreach (var session in (await _connection.InvokeAsync<JsonElement>(_deltas ? "WatchAllDeltas" : "WatchAll", cancellationToken)).EnumerateArray())
                Receive(session);
        }
        else
        {
            Receive(await _connection.InvokeAsync<JsonElement>(_deltas ? "WatchDeltas" : "Watch", _session, cancellationToken));
        }
    }

    /// <summary>Forgets earlier timings; from now on, times changes and watches for every machine to reach the state.</summary>
    public void BeginWindow(string targetState)
    {
        lock (_gate)
        {
            _latenciesMs.Clear();
            _windowStart = DateTimeOffset.UtcNow;
            _target = targetState;
            _reachedTargetAt = null;
        }
    }

    /// <summary>Change-to-receipt times (ms) in this window, and when every machine was first seen in the target state.</summary>
    public (double[] LatenciesMs, TimeSpan? ReachedTarget) Window()
    {
        lock (_gate)
            return ([.. _latenciesMs], _reachedTargetAt - _windowStart);
    }

    private void Receive(JsonElement session) =>
        Receive(session, session.GetProperty("machines"), session.GetProperty("machines").GetArrayLength());

    /// <summary>Times the machines that changed; a delta's header says how many the session has.</summary>
    private void Receive(JsonElement session, JsonElement machines, int machineCount)
    {
        var at = DateTimeOffset.UtcNow;
        if (!session.TryGetProperty("name", out var name) || name.GetString() != _session)
            return;
        lock (_gate)
        {
            foreach (var machine in machines.EnumerateArray())
            {
                var machineName = machine.GetProperty("name").GetString()!;
                var state = machine.GetProperty("state").GetString()!;
                var since = machine.GetProperty("stateSince").GetDateTimeOffset();
                if (!_seen.TryGetValue(machineName, out var last) || last.State != state || last.Since != since)
                {
                    _seen[machineName] = (state, since);
                    if (since >= _windowStart)
                        _latenciesMs.Add((at - since).TotalMilliseconds);
                }
            }

            if (_target is not null && _reachedTargetAt is null && machineCount > 0 && _seen.Count >= machineCount
                && _seen.Values.All(s => string.Equals(s.State, _target, StringComparison.OrdinalIgnoreCase)))
                _reachedTargetAt = at;
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
