namespace Dashboard.Hubs;

/// <summary>One server-to-client call waiting in a connection's outbox.</summary>
public sealed record OutboxMessage(string Method, object Argument)
{
    public const string SessionChangedMethod = "SessionChanged";
    public const string SessionRemovedMethod = "SessionRemoved";

    public static OutboxMessage Changed(SerializedSession session) => new(SessionChangedMethod, session);

    public static OutboxMessage Removed(string sessionName) => new(SessionRemovedMethod, sessionName);
}
