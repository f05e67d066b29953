using Dashboard.Core.Domain;

namespace Dashboard.Core.Spot;

/// <summary>What happens to a Spot machine that ops and its instructor want to hear of at once.</summary>
public enum SpotEventKind
{
    /// <summary>The cloud reclaimed the machine (seen by a listing or by a Resource Health event).</summary>
    Evicted,

    /// <summary>The dashboard started bringing an evicted machine back (restart or recreate).</summary>
    RecoveryStarted,

    /// <summary>The machine runs again.</summary>
    Recovered,

    /// <summary>An attempt to bring it back failed (no capacity, throttled); the detail says what was tried.</summary>
    RecoveryFailed,

    /// <summary>After too many failures, the machine was brought back at regular priority.</summary>
    FellBackToRegular,

    /// <summary>Capacity returned and a machine that fell back runs on Spot again.</summary>
    BackToSpot,
}

/// <summary>One Spot event, with everything a notification, a webhook or a mail needs to name it.</summary>
public sealed record SpotEvent(
    SpotEventKind Kind,
    Guid SessionId,
    string SessionName,
    string Owner,
    Guid MachineId,
    string MachineName,
    string Size,
    EvictionPolicy? Policy,
    DateTimeOffset At,
    string Detail)
{
    public Guid Id { get; init; } = Guid.NewGuid();
}
