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

    private SessionsHubClient(Uri dashboard, Action<HttpConnectionOptions> configure)
    {
        _connection = new HubConnectionBuilder()
            .WithUrl(new Uri(dashboard, Path), configure)
            .AddJsonProtocol(o => o.PayloadSerializerOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web))
            .Build();
        _connection.On<SessionDto>("SessionChanged", s => SessionChanged?.Invoke(s));
        _connection.On<string>("SessionRemoved", name => SessionRemoved?.Invoke(name));
        _connection.On<CloudHealthDto>("CloudHealthChanged", h => CloudHealthChanged?.Invoke(h));
        _connection.Closed += error =>
        {
            Closed?.Invoke(error);
            return Task.CompletedTask;
        };
    }

    /// <summary>A session the caller watches changed; this is its whole new (visible) picture.</summary>
    public event Action<SessionDto>? SessionChanged;

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

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
