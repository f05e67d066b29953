namespace Dashboard.Core.Scaling;

/// <summary>
/// Section <c>Redis</c>: with <see cref="Configuration"/> set, several dashboard servers share one database and this
/// Redis server. One of them (the holder of a lease) polls the cloud and runs the schedulers; every server shows every
/// change, and a machine's command is claimed in Redis so two servers never run one at once.
/// </summary>
public sealed class ScaleOutOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string, for example <c>localhost:6379</c>.</summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key and channel, so several deployments can share one Redis server.</summary>
    public string Prefix { get; set; } = "dashboard";

    /// <summary>
    /// How long the polling lease lives without being renewed: a server that dies is replaced after at most this long
    /// (plus one try). Unset: the poll interval, at least one second, so takeover comes within two poll intervals.
    /// </summary>
    public double? LeaseSeconds { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);

    public TimeSpan LeaseFor(TimeSpan pollInterval) =>
        LeaseSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromSeconds(Math.Clamp(pollInterval.TotalSeconds, 1, 30));

    public string Key(string name) => $"{Prefix}:{name}";
}
