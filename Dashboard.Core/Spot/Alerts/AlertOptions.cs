namespace Dashboard.Core.Spot.Alerts;

/// <summary>Settings of the Spot alerts (section <c>Alerts</c>): which events count, mail, and the webhook.</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>The kinds that count as alerts when none are configured: something is wrong and somebody should look.</summary>
    public static IReadOnlyList<SpotEventKind> DefaultKinds { get; } =
        [SpotEventKind.Evicted, SpotEventKind.RecoveryFailed, SpotEventKind.FellBackToRegular];

    /// <summary>Kinds that are counted as unread alerts and mailed; the others are listed only. Null: <see cref="DefaultKinds"/>.</summary>
    public SpotEventKind[]? Kinds { get; set; }

    /// <summary>Whether alerts are mailed where mail is set up.</summary>
    public bool Email { get; set; } = true;

    /// <summary>At most one mail per recipient per this many seconds; what happens meanwhile goes into that one mail.</summary>
    public double EmailIntervalSeconds { get; set; } = 60;

    public WebhookOptions Webhook { get; set; } = new();

    public IReadOnlyList<SpotEventKind> AlertKinds => Kinds is { Length: > 0 } kinds ? kinds : DefaultKinds;

    public bool IsAlert(SpotEventKind kind) => AlertKinds.Contains(kind);
}

/// <summary>Where every Spot event is posted as a CloudEvent (section <c>Alerts:Webhook</c>); no URL, no webhook.</summary>
public sealed class WebhookOptions
{
    public string? Url { get; set; }

    /// <summary>When set, each request carries an HMAC-SHA256 of its body under this key.</summary>
    public string? Secret { get; set; }

    /// <summary>Kinds posted; null or empty: every kind.</summary>
    public SpotEventKind[]? Kinds { get; set; }

    /// <summary>Retries after the first attempt, for 5xx, 429, timeouts and network errors.</summary>
    public int Retries { get; set; } = 5;

    /// <summary>The first retry's delay; each further one doubles it.</summary>
    public double RetryDelaySeconds { get; set; } = 2;

    public double TimeoutSeconds { get; set; } = 10;

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    public bool Posts(SpotEventKind kind) => Kinds is not { Length: > 0 } kinds || kinds.Contains(kind);
}
