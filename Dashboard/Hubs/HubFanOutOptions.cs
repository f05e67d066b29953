namespace Dashboard.Hubs;

/// <summary>When a hub connection counts as too far behind and is disconnected (section <c>Hub</c>).</summary>
public sealed class HubFanOutOptions
{
    public const string Section = "Hub";

    /// <summary>Seconds one send may stay outstanding: past that the client has stopped reading.</summary>
    public double StalledSendSeconds { get; set; } = 30;

    /// <summary>
    /// Distinct sessions that may wait in one connection's outbox. Each holds only that session's latest state,
    /// so this bounds memory per connection however long the client lags.
    /// </summary>
    public int MaxPendingSessions { get; set; } = 500;

    /// <summary>Sites besides the dashboard's own whose pages may open the hub (e.g. <c>https://ops.example.org</c>).</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    public TimeSpan StalledSendLimit => TimeSpan.FromSeconds(StalledSendSeconds);
}
