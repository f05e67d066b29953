using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Client;

/// <summary>
/// The sessions hub (<c>/hubs/sessions</c>), typed: call <see cref="WatchAsync"/> or <see cref="WatchAllAsync"/>, then
/// listen to <see cref="SessionChanged"/>, <see cref="SessionRemoved"/> and <see cref="CloudHealthChanged"/>.
/// Signs in with a personal access token (or an identity provider's access token) or with a sign-in cookie.
/// </summary>
public sealed class SessionsHubClient : IAsyncDisposable
{
    public const string Path = "/hubs/sessions";

    private readonly HubConnection _connection;

    // With deltas, the last whole picture of each watched session, which each delta is applied to.
    private readonly Dictionary<Guid, SessionDto> _sessions = [];

    private SessionsHubClient(Uri dashboard, Action<HttpConnectionOptions> configure)
    {
        _connection = new HubConnectionBuilder()
            .WithUrl(new Uri(dashboard, Path), configure)
            .AddJsonProtocol(o => o.PayloadSerializerOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web))
            .Build();
        _connection.On<SessionDto>("SessionChanged", s => SessionChanged?.Invoke(s));
        _connection.On<SessionDeltaDto>("SessionDelta", OnDelta);
        _connection.On<string>("SessionRemoved", name =>
        {
            lock (_sessions)
            {
                foreach (var id in _sessions.Where(s => s.Value.Name == name).Select(s => s.Key).ToList())
                    _sessions.Remove(id);
            }

            SessionRemoved?.Invoke(name);
        });
        _connection.On<CloudHealthDto>("CloudHealthChanged", h => CloudHealthChanged?.Invoke(h));
        _connection.Closed += error =>
        {
            Closed?.Invoke(error);
            return Task.CompletedTask;
        };
    }

    /// <summary>
    /// A session the caller watches changed; this is its whole new (visible) picture. With deltas
    /// (<see cref="WatchDeltasAsync"/>, <see cref="WatchAllDeltasAsync"/>) the client builds it from the delta.
    /// </summary>
    public event Action<SessionDto>? SessionChanged;

    /// <summary>With deltas: what changed, as the server sent it (raised before <see cref="SessionChanged"/>).</summary>
    public event Action<SessionDeltaDto>? SessionDelta;

    /// <summary>A watched session ended or is no longer visible to the caller.</summary>
    public event Action<string>? SessionRemoved;

    /// <summary>The cloud (or database) became unreachable or reachable again; sent to every connection.</summary>
    public event Action<CloudHealthDto>? CloudHealthChanged;

    /// <summary>The connection ended (the server closes it when the account is locked or its roles change).</summary>
    public event Action<Exception?>? Closed;

    public HubConnectionState State => _connection.State;

    /// <param name="configure">More transport settings (a test server's handler, say), applied after the token.</param>
    public static SessionsHubClient WithToken(Uri dashboard, string token, Action<HttpConnectionOptions>? configure = null) =>
        new(dashboard, o =>
        {
            o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            configure?.Invoke(o);
        });

    /// <summary>With the cookie header (<c>dashboard.auth=…</c>) a sign-in through the login form gave.</summary>
    public static SessionsHubClient WithCookie(Uri dashboard, string cookieHeader, Action<HttpConnectionOptions>? configure = null) =>
        new(dashboard, o =>
        {
            o.Headers["Cookie"] = cookieHeader;
            configure?.Invoke(o);
        });

    public Task StartAsync(CancellationToken cancellationToken = default) => _connection.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => _connection.StopAsync(cancellationToken);

    /// <summary>Every session the caller may see, each with only the machines they may see.</summary>
    public Task<IReadOnlyList<SessionDto>> GetSessionsAsync(CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync<IReadOnlyList<SessionDto>>("GetSessions", cancellationToken);

    public Task<CloudHealthDto> GetCloudHealthAsync(CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync<CloudHealthDto>("GetCloudHealth", cancellationToken);

    /// <summary>Starts receiving one session's changes; returns what of it the caller may see. Fails for a session they may not see.</summary>
    public Task<SessionDto> WatchAsync(string sessionName, CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync<SessionDto>("Watch", sessionName, cancellationToken);

    public Task UnwatchAsync(string sessionName, CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync("Unwatch", sessionName, cancellationToken);

    /// <summary>Starts receiving every visible session's changes (sessions created later too); returns them all.</summary>
    public Task<IReadOnlyList<SessionDto>> WatchAllAsync(CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync<IReadOnlyList<SessionDto>>("WatchAll", cancellationToken);

    /// <summary>
    /// As <see cref="WatchAsync"/>, but changes then travel as deltas (only the machines that changed): far less to
    /// receive and read for large sessions. <see cref="SessionChanged"/> still gets whole pictures, built here.
    /// </summary>
    public async Task<SessionDto> WatchDeltasAsync(string sessionName, CancellationToken cancellationToken = default)
    {
        var session = await _connection.InvokeAsync<SessionDto>("WatchDeltas", sessionName, cancellationToken);
        lock (_sessions)
            Keep(session);
        return session;
    }

    /// <summary>As <see cref="WatchAllAsync"/>, with changes as deltas.</summary>
    public async Task<IReadOnlyList<SessionDto>> WatchAllDeltasAsync(CancellationToken cancellationToken = default)
    {
        var sessions = await _connection.InvokeAsync<IReadOnlyList<SessionDto>>("WatchAllDeltas", cancellationToken);
        lock (_sessions)
        {
            foreach (var session in sessions)
                Keep(session);
        }

        return sessions;
    }

    // Deltas may overtake the answer that carries the picture: the machines they brought are the newer ones.
    private void Keep(SessionDto snapshot)
    {
        if (!_sessions.TryGetValue(snapshot.Id, out var fromDeltas))
        {
            _sessions[snapshot.Id] = snapshot;
            return;
        }

        var known = fromDeltas.Machines.Select(m => m.Id).ToHashSet();
        _sessions[snapshot.Id] = fromDeltas with { Machines = [.. fromDeltas.Machines, .. snapshot.Machines.Where(m => !known.Contains(m.Id))] };
    }

    private void OnDelta(SessionDeltaDto delta)
    {
        SessionDto session;
        lock (_sessions)
        {
            session = delta.ApplyTo(_sessions.GetValueOrDefault(delta.Session.Id));
            _sessions[session.Id] = session;
        }

        SessionDelta?.Invoke(delta);
        SessionChanged?.Invoke(session);
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
