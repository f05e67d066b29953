namespace Dashboard.Hubs;

/// <summary>One server-to-client call waiting in a connection's outbox.</summary>
public sealed record OutboxMessage(string Method, object Argument)
{
    public const string SessionChangedMethod = "SessionChanged";
    public const string SessionRemovedMethod = "SessionRemoved";
    public const string CloudHealthChangedMethod = "CloudHealthChanged";

    /// <summary>The outbox key of health messages: no session can be named with a space.</summary>
    public const string HealthKey = " cloud-health";

    public static OutboxMessage Changed(SerializedSession session) => new(SessionChangedMethod, session);

    public static OutboxMessage Removed(string sessionName) => new(SessionRemovedMethod, sessionName);

    public static OutboxMessage Health(Dashboard.Core.Live.CloudHealth health) => new(CloudHealthChangedMethod, health);
}
