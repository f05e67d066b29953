namespace Dashboard.Hubs;

/// <summary>One server-to-client call waiting in a connection's outbox.</summary>
public sealed record OutboxMessage(string Method, object Argument)
{
    public const string SessionChangedMethod = "SessionChanged";
    public const string SessionDeltaMethod = "SessionDelta";
    public const string SessionRemovedMethod = "SessionRemoved";
    public const string CloudHealthChangedMethod = "CloudHealthChanged";

    /// <summary>The outbox key of health messages: no session can be named with a space.</summary>
    public const string HealthKey = " cloud-health";

    public static OutboxMessage Changed(SerializedSession session) => new(SessionChangedMethod, session);

    public static OutboxMessage Delta(SessionDelta delta) => new(SessionDeltaMethod, delta);

    /// <summary>
    /// What replaces <paramref name="waiting"/> when <paramref name="next"/> comes before the client read it: the newer
    /// message, or for two deltas one that carries both (a delta alone says only what changed since the one before).
    /// </summary>
    public static OutboxMessage Coalesce(OutboxMessage waiting, OutboxMessage next) =>
        waiting.Argument is SessionDelta earlier && next.Argument is SessionDelta later ? Delta(SessionDelta.Merge(earlier, later)) : next;

    public static OutboxMessage Removed(string sessionName) => new(SessionRemovedMethod, sessionName);

    public static OutboxMessage Health(Dashboard.Core.Live.CloudHealth health) => new(CloudHealthChangedMethod, health);
}
