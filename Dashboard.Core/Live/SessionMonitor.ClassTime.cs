using System.Collections.Immutable;
using Dashboard.Core.ClassTime;

namespace Dashboard.Core.Live;

public sealed partial class SessionMonitor
{
    /// <summary>Shows a session's new class-time settings everywhere (they are saved already).</summary>
    public void ShowClassTimeSettings(Guid sessionId, ClassTimeSettings settings) =>
        ChangeClassTime(sessionId, c => c.Settings == settings ? c : c with { Settings = settings });

    /// <summary>Shows the countdowns to a session's coming automatic stops; a session whose countdowns did not change is not published.</summary>
    public void ShowCountdowns(Guid sessionId, ImmutableArray<Countdown> countdowns) =>
        ChangeClassTime(sessionId, c => c.Countdowns.SequenceEqual(countdowns) ? c : c with { Countdowns = countdowns });

    /// <summary>Shows what went wrong in the last scheduled run (null once a run succeeds).</summary>
    public void ShowScheduleProblem(Guid sessionId, string? problem) =>
        ChangeClassTime(sessionId, c => c.Problem == problem ? c : c with { Problem = problem });

    private void ChangeClassTime(Guid sessionId, Func<ClassTimeView, ClassTimeView> change) => _ = Edit(edit =>
    {
        if (edit.Session(sessionId) is not { } session)
            return;
        var changed = change(session.ClassTime);
        if (!ReferenceEquals(changed, session.ClassTime))
            edit.PutSession(session with { ClassTime = changed });
    });
}
