using Dashboard.Core.ClassTime;
using Dashboard.Core.Domain;

namespace Dashboard.Core.People;

/// <summary>
/// The one authorization check. Pages, the SignalR hub, HTTP endpoints and the command service all ask here,
/// so hiding a button is never the only thing that stands between a person and an action.
/// </summary>
public static class AccessPolicy
{
    private const string NotYours = "You can only act on your own sessions.";

    /// <summary>The part of a session a person may see: all of it, only their machines, or nothing (null).</summary>
    public static SessionView? VisiblePart(Viewer viewer, SessionView session)
    {
        if (viewer.IsAdmin || viewer.IsOps || Owns(viewer, session))
            return session;
        if (!viewer.IsStudent)
            return null;
        // By account: a pending e-mail assignment (no account yet) gives nobody anything.
        var mine = session.Machines.Where(m => viewer.Holds(m.AssignedUserId)).ToList();
        if (mine.Count == 0)
            return null;
        // Only their own machines' countdowns: when others' machines stop is not a student's to know. A session's
        // money is its staff's business: a student's part carries no budget.
        var countdowns = session.ClassTime.Countdowns.Where(c => mine.Any(m => m.Id == c.MachineId)).ToList();
        return session with
        {
            Machines = [.. mine],
            ClassTime = session.ClassTime with { Countdowns = [.. countdowns] },
            Budget = null,
            BudgetWarnedAt = null,
            BudgetStoppedAt = null,
        };
    }

    public static bool CanSeeWholeSession(Viewer viewer, SessionView session) =>
        viewer.IsAdmin || viewer.IsOps || Owns(viewer, session);

    public static ActionAvailability CanRun(Viewer viewer, SessionView session, MachineView machine, MachineAction action)
    {
        if (viewer.IsAdmin || Owns(viewer, session))
            return ActionAvailability.Yes;
        if (viewer.IsStudent && viewer.Holds(machine.AssignedUserId))
        {
            return action switch
            {
                MachineAction.Connect => ActionAvailability.Yes,
                MachineAction.Start or MachineAction.Stop when session.StudentsMayStartStop => ActionAvailability.Yes,
                MachineAction.Start or MachineAction.Stop => ActionAvailability.No("Your instructor manages starting and stopping in this session."),
                MachineAction.CreateFromSnapshot => ActionAvailability.No("Students cannot create machines from snapshots."),
                _ => ActionAvailability.No($"Students cannot {action.ToString().ToLowerInvariant()} machines."),
            };
        }

        if (viewer.IsOps)
            return ActionAvailability.No("Ops see every session read-only.");
        return ActionAvailability.No(viewer.IsInstructor ? NotYours : "That machine is not assigned to you.");
    }

    /// <summary>A machine's snapshots are shown to whoever may restore from them.</summary>
    public static ActionAvailability CanSeeSnapshots(Viewer viewer, SessionView session, MachineView machine) =>
        CanRun(viewer, session, machine, MachineAction.Restore);

    public static ActionAvailability CanRunBatch(Viewer viewer, SessionView session) =>
        viewer.IsAdmin || Owns(viewer, session) ? ActionAvailability.Yes : ActionAvailability.No(NotYours);

    /// <summary>Eviction rehearsal is an ops tool (admins too).</summary>
    public static ActionAvailability CanSimulateEviction(Viewer viewer) =>
        viewer.IsAdmin || viewer.IsOps ? ActionAvailability.Yes : ActionAvailability.No("Only ops can rehearse evictions.");

    public static bool CanCreateSessions(Viewer viewer) => viewer.IsAdmin || viewer.IsInstructor;

    /// <summary>Invitations, assignments and the roster.</summary>
    public static bool CanManagePeople(Viewer viewer, SessionView session) => viewer.IsAdmin || Owns(viewer, session);

    /// <summary>Which audit entries a person may read: admins and ops all, instructors their sessions', others their own.</summary>
    public static bool CanReadAudit(Viewer viewer, ActionLogEntry entry, IReadOnlySet<string> ownedSessions) =>
        viewer.IsAdmin || viewer.IsOps
        || (viewer.IsInstructor && entry.SessionName is not null && ownedSessions.Contains(entry.SessionName))
        || viewer.IsNamed(entry.Actor);

    public static bool CanOpenAudit(Viewer viewer) => viewer.IsAdmin || viewer.IsOps || viewer.IsInstructor;

    /// <summary>The Spot fleet page: ops and admins.</summary>
    public static bool CanWatchSpot(Viewer viewer) => viewer.IsAdmin || viewer.IsOps;

    /// <summary>The sessions overview: staff. Students reach their machines through their own page.</summary>
    public static bool CanOpenSessions(Viewer viewer) => viewer.IsAdmin || viewer.IsOps || viewer.IsInstructor;

    /// <summary>A student's own machines page.</summary>
    public static bool CanHoldMachines(Viewer viewer) => viewer.IsStudent;

    /// <summary>Discovered machines (made outside the dashboard) join a session only when an admin adopts them.</summary>
    public static bool CanAdoptMachines(Viewer viewer) => viewer.IsAdmin;
    /// <summary>
    /// The demo's outbox: admins only. Every mail in it holds someone's personal link, and whoever reads a confirmation
    /// link can prove an address that is not theirs.
    /// </summary>
    public static bool CanReadOutbox(Viewer viewer) => viewer.IsAdmin;

    /// <summary>Accounts, roles and lockouts: admins only.</summary>
    public static bool CanManageAccounts(Viewer viewer) => viewer.IsAdmin;

    /// <summary>Schedules, running-time limits, quotas and grants: the owning instructor and admins.</summary>
    public static ActionAvailability CanManageClassTime(Viewer viewer, SessionView session) =>
        viewer.IsAdmin || Owns(viewer, session) ? ActionAvailability.Yes : ActionAvailability.No(NotYours);

    /// <summary>
    /// Postponing or skipping a coming automatic stop: the owner and admins for any machine (or all of them); a student
    /// for the machine they hold, when the session allows it and the stop is the schedule's or the running-time limit's.
    /// </summary>
    public static ActionAvailability CanPostpone(Viewer viewer, SessionView session, MachineView? machine, StopReason? reason = null)
    {
        if (viewer.IsAdmin || Owns(viewer, session))
            return ActionAvailability.Yes;
        if (machine is not null && viewer.IsStudent && viewer.Holds(machine.AssignedUserId))
            return !session.ClassTime.Settings.StudentsMayPostpone
                ? ActionAvailability.No("Your instructor decides when class time ends in this session.")
                : reason is { } why && !Countdown.StudentsMayChange(why)
                    ? ActionAvailability.No("Only your instructor can postpone this stop.")
                    : ActionAvailability.Yes;
        return ActionAvailability.No(viewer.IsStudent ? "That machine is not assigned to you." : NotYours);
    }

    /// <summary>A session's budget: its owner and admins.</summary>
    public static ActionAvailability CanSetBudget(Viewer viewer, SessionView session) =>
        viewer.IsAdmin || Owns(viewer, session) ? ActionAvailability.Yes
        : ActionAvailability.No(viewer.IsInstructor ? NotYours : "Only the session's instructor or an admin can set its budget.");

    /// <summary>A session's costs in full (per machine and per student): its owner, admins and ops.</summary>
    public static bool CanSeeCosts(Viewer viewer, SessionView session) => CanSeeWholeSession(viewer, session);

    private static bool Owns(Viewer viewer, SessionView session) => viewer.IsInstructor && viewer.IsNamed(session.Owner);
}
