namespace Dashboard.Core.Spot.Alerts;

/// <summary>
/// One Spot event as the bell lists it: one row per event, whoever receives it. Who may read it follows from the
/// row (ops and admins all, the owner their sessions'), so 200 evictions are 200 rows, not 200 × recipients.
/// </summary>
public sealed class SpotNotification
{
    /// <summary>Increases with every row: read state is "everything up to here" per person.</summary>
    public long Number { get; set; }

    /// <summary>The event's id: an event saved twice is one notification.</summary>
    public Guid EventId { get; set; }

    public SpotEventKind Kind { get; set; }

    /// <summary>Counted as unread (and mailed); other kinds are only listed.</summary>
    public bool IsAlert { get; set; }

    public Guid SessionId { get; set; }
    public string SessionName { get; set; } = "";
    public string Owner { get; set; } = "";

    /// <summary>The owner in lower case, so owners compare without regard to case in SQL on both providers.</summary>
    public string OwnerKey { get; set; } = "";

    public Guid MachineId { get; set; }
    public string MachineName { get; set; } = "";
    public string Size { get; set; } = "";
    public string? Policy { get; set; }
    public DateTimeOffset At { get; set; }
    public string Detail { get; set; } = "";
}

/// <summary>How far one person has read: every notification up to <see cref="ReadUpTo"/> is read.</summary>
public sealed class NotificationReadMark
{
    /// <summary>The person's name in lower case.</summary>
    public string Recipient { get; set; } = "";

    public long ReadUpTo { get; set; }
}
