using System.Diagnostics;

namespace Dashboard.Core.Telemetry;

/// <summary>
/// The name of the dashboard's own spans and metrics, and the spans themselves: one per poll cycle, per machine
/// command and per batch. Without a tracer listening, no span is even created.
/// </summary>
public static class DashboardTelemetry
{
    /// <summary>The ActivitySource's and the Meter's name.</summary>
    public const string Name = "Dashboard";

    public const string PollSpan = "dashboard.poll";
    public const string CommandSpan = "dashboard.command";
    public const string BatchSpan = "dashboard.batch";

    public static readonly ActivitySource Source = new(Name);

    /// <summary>A span for one command on one machine, named by what it does and to which machine.</summary>
    public static Activity? StartCommand(string action, string session, string machine) =>
        Source.StartActivity(CommandSpan)?
            .SetTag("dashboard.action", action)
            .SetTag("dashboard.session", session)
            .SetTag("dashboard.machine", machine);

    /// <summary>A span around Start All / Stop All / Terminate All; each machine's command is a child.</summary>
    public static Activity? StartBatch(string batch, string session, int machines) =>
        Source.StartActivity(BatchSpan)?
            .SetTag("dashboard.action", batch)
            .SetTag("dashboard.session", session)
            .SetTag("dashboard.machines", machines);

    /// <summary>Marks how a span's work ended; the error, when there is one, is the status description.</summary>
    public static void Ended(this Activity? span, bool succeeded, string? error)
    {
        if (span is null)
            return;
        if (succeeded)
            span.SetStatus(ActivityStatusCode.Ok);
        else
            span.SetStatus(ActivityStatusCode.Error, error);
    }
}
