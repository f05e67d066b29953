using System.Globalization;
using Dashboard.Core.Domain;

namespace Dashboard.Core.Audit;

/// <summary>
/// What the audit page and <c>/audit.csv</c> filter on. Empty fields match everything; <see cref="From"/> is
/// inclusive and <see cref="To"/> exclusive, both instants (the page turns picked days into UTC midnights).
/// </summary>
public sealed record AuditFilter
{
    /// <summary>Actions the dashboard records, for the page's action list.</summary>
    public static IReadOnlyList<AuditAction> KnownActions { get; } = Enum.GetValues<AuditAction>();

    /// <summary>Part of the actor's name, case-insensitive.</summary>
    public string? Who { get; init; }

    /// <summary>The action's exact name, e.g. <c>Stop</c>, <c>StopAll</c> or <c>SignIn</c>.</summary>
    public AuditAction? Action { get; init; }

    /// <summary>The session's exact name.</summary>
    public string? Session { get; init; }

    /// <summary>Part of the machine's name, case-insensitive.</summary>
    public string? Machine { get; init; }

    public ActionOutcome? Outcome { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }

    public bool HasDates => From is not null || To is not null;

    /// <summary>The query string <see cref="TryParse"/> reads back (without the leading '?').</summary>
    public string ToQueryString()
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
                parts.Add($"{key}={Uri.EscapeDataString(value.Trim())}");
        }

        Add("who", Who);
        Add("action", Action?.ToString());
        Add("session", Session);
        Add("machine", Machine);
        Add("outcome", Outcome?.ToString());
        Add("from", From?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        Add("to", To?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        return string.Join('&', parts);
    }

    /// <summary>
    /// Reads the filter from query values. Dates are ISO 8601, UTC unless they name an offset; a bare day in
    /// <c>to</c> means up to the end of that day. Returns false with a message for a value that makes no sense.
    /// </summary>
    public static bool TryParse(Func<string, string?> query, out AuditFilter filter, out string? error)
    {
        filter = new AuditFilter();
        error = null;
        ActionOutcome? outcome = null;
        if (Blank(query("outcome")) is { } o)
        {
            if (!Enum.TryParse<ActionOutcome>(o, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                error = $"outcome must be one of {string.Join(", ", Enum.GetNames<ActionOutcome>())}.";
                return false;
            }

            outcome = parsed;
        }

        AuditAction? action = null;
        if (Blank(query("action")) is { } a)
        {
            if (!Enum.TryParse<AuditAction>(a, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(a, out _))
            {
                error = $"action must be one of {string.Join(", ", Enum.GetNames<AuditAction>())}.";
                return false;
            }

            action = parsed;
        }

        if (!TryDate(query("from"), endOfDay: false, out var from) || !TryDate(query("to"), endOfDay: true, out var to))
        {
            error = "from and to must be ISO 8601 dates, e.g. 2026-11-29 or 2026-11-29T14:00:00Z.";
            return false;
        }

        filter = new AuditFilter
        {
            Who = Blank(query("who")), Action = action, Session = Blank(query("session")),
            Machine = Blank(query("machine")), Outcome = outcome, From = from, To = to,
        };
        return true;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool TryDate(string? value, bool endOfDay, out DateTimeOffset? date)
    {
        date = null;
        if (Blank(value) is not { } text)
            return true;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var midnight = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            date = endOfDay ? midnight.AddDays(1) : midnight;
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            return false;
        date = instant.ToUniversalTime();
        return true;
    }
}
