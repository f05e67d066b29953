namespace Dashboard.Core.Spot.Alerts;

/// <summary>How alerts read in the bell and in mails.</summary>
public static class SpotAlertText
{
    public static string Kind(SpotEventKind kind) => kind switch
    {
        SpotEventKind.Evicted => "evicted",
        SpotEventKind.RecoveryStarted => "recovery started",
        SpotEventKind.Recovered => "recovered",
        SpotEventKind.RecoveryFailed => "recovery failed",
        SpotEventKind.FellBackToRegular => "fell back to regular",
        SpotEventKind.BackToSpot => "back on Spot",
        _ => kind.ToString(),
    };

    public static string Line(SpotEvent e) =>
        $"{e.At.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC  {Kind(e.Kind)}: {e.MachineName} ({e.Size}{(e.Policy is { } p ? $", {p}" : "")}) in {e.SessionName}" +
        (e.Detail.Length > 0 ? $" — {e.Detail}" : "");
}
