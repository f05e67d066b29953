using Dashboard.Core.Actions;
using Dashboard.Core.Audit;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;

namespace Dashboard.Core.ClassTime;

/// <summary>What people do with class time: set a session's schedule, postpone or skip a stop, grant hours. Each is checked and audited here.</summary>
public sealed class ClassTimeCommands(SessionMonitor monitor, ClassTimeStore store, ClassScheduler scheduler, QuotaLedger quota, AuditLog audit)
{
    /// <summary>The postponements people may choose, in minutes.</summary>
    public static readonly IReadOnlyList<int> PostponeChoices = [30, 60];

    public const double MaxHours = 24 * 366;

    public async Task<ActionResult> SaveSettingsAsync(Viewer viewer, Guid sessionId, ClassTimeSettings settings)
    {
        if (monitor.FindSession(sessionId) is not { } session)
            return NotFound();
        if (AccessPolicy.CanManageClassTime(viewer, session) is { Allowed: false } refused)
            return await RefuseAsync(viewer, session, AuditAction.SetSchedule, refused.Reason!, ActionDenial.NotAllowed);
        if (Problem(settings) is { } problem)
            return await RefuseAsync(viewer, session, AuditAction.SetSchedule, problem);

        await store.SaveSettingsAsync(sessionId, settings, CancellationToken.None);
        monitor.ShowClassTimeSettings(sessionId, settings);
        var summary = Describe(settings);
        await audit.RecordAsync(viewer.Name, AuditAction.SetSchedule, ActionOutcome.Succeeded, session.Name, detail: summary);
        // The new plan shows at once, not at the next tick.
        await scheduler.TickAsync();
        return new ActionResult(ActionOutcome.Succeeded, $"Class time of {session.Name} saved: {summary}");
    }

    /// <summary>Pushes the coming automatic stop back by 30 or 60 minutes, for one machine or (machineId null) every machine of the session.</summary>
    public Task<ActionResult> PostponeAsync(Viewer viewer, Guid sessionId, Guid? machineId, int minutes) =>
        ChangeAsync(viewer, sessionId, machineId, minutes);

    /// <summary>Skips this occurrence of the coming automatic stop.</summary>
    public Task<ActionResult> SkipAsync(Viewer viewer, Guid sessionId, Guid? machineId) =>
        ChangeAsync(viewer, sessionId, machineId, null);

    /// <summary>Extra quota hours for one student (by account id) or, with userId null, every student holding a machine.</summary>
    public async Task<ActionResult> GrantHoursAsync(Viewer viewer, Guid sessionId, string? userId, double hours)
    {
        if (monitor.FindSession(sessionId) is not { } session)
            return NotFound();
        if (AccessPolicy.CanManageClassTime(viewer, session) is { Allowed: false } refused)
            return await RefuseAsync(viewer, session, AuditAction.GrantHours, refused.Reason!, ActionDenial.NotAllowed);
        if (session.ClassTime.Settings.QuotaHoursPerStudent is null)
            return await RefuseAsync(viewer, session, AuditAction.GrantHours, "This session has no quota hours to grant.");
        if (!double.IsFinite(hours) || hours <= 0 || hours > MaxHours)
            return await RefuseAsync(viewer, session, AuditAction.GrantHours, "Grant a positive number of hours.");
        var granted = await quota.GrantAsync(session, userId, hours, CancellationToken.None);
        if (granted == 0)
            return await RefuseAsync(viewer, session, AuditAction.GrantHours, "Nobody holding a machine in this session matches.");
        var who = userId is null ? $"every student ({granted})" : session.Machines.First(m => m.AssignedUserId == userId).AssignedUser ?? userId;
        await audit.RecordAsync(viewer.Name, AuditAction.GrantHours, ActionOutcome.Succeeded, session.Name, detail: $"{hours:0.##} hours to {who}");
        await scheduler.TickAsync();
        return new ActionResult(ActionOutcome.Succeeded, $"{hours:0.##} extra hours granted to {who}.");
    }

    /// <summary>Why these settings cannot be saved, in words; null when they can.</summary>
    public static string? Problem(ClassTimeSettings settings)
    {
        if (settings.Rules.Length > 50)
            return "A session can have at most 50 schedule rules.";
        foreach (var rule in settings.Rules)
        {
            if (ScheduleCalendar.Problem(rule) is { } problem)
                return problem;
        }

        if (settings.AutoStopAfterHours is { } limit && (!double.IsFinite(limit) || limit <= 0 || limit > MaxHours))
            return "The running-time limit must be a positive number of hours.";
        if (settings.QuotaHoursPerStudent is { } quotaHours && (!double.IsFinite(quotaHours) || quotaHours < 0 || quotaHours > MaxHours))
            return "Quota hours must be zero or more.";
        return null;
    }

    public static string Describe(ClassTimeSettings settings)
    {
        var parts = settings.Rules.Select(DescribeRule).ToList();
        if (settings.AutoStopAfterHours is { } limit)
            parts.Add($"stop after {limit:0.##} h running");
        if (settings.QuotaHoursPerStudent is { } hours)
            parts.Add($"{hours:0.##} quota hours per student");
        if (settings.StudentsMayPostpone)
            parts.Add("students may postpone");
        return parts.Count == 0 ? "no schedule." : string.Join("; ", parts) + ".";
    }

    public static string DescribeRule(RuleSpec rule)
    {
        if (rule.Kind == ScheduleRuleKind.Once)
            return $"once {(rule.StartAt is { } s ? $"start {s.ToUniversalTime():yyyy-MM-dd HH:mm} UTC" : "")}{(rule.StartAt is not null && rule.StopAt is not null ? ", " : "")}{(rule.StopAt is { } e ? $"stop {e.ToUniversalTime():yyyy-MM-dd HH:mm} UTC" : "")}";
        var days = rule.Days == WeekDays.Weekdays ? "Mon–Fri" : string.Join(",", Enum.GetValues<WeekDays>()
            .Where(d => d is not (WeekDays.None or WeekDays.Weekdays) && rule.Days.HasFlag(d)).Select(d => d.ToString()[..3]));
        return $"{days} {(rule.StartTime is { } a ? $"start {a:HH:mm}" : "")}{(rule.StartTime is not null && rule.StopTime is not null ? ", " : "")}{(rule.StopTime is { } b ? $"stop {b:HH:mm}" : "")} {rule.TimeZone}";
    }

    private async Task<ActionResult> ChangeAsync(Viewer viewer, Guid sessionId, Guid? machineId, int? minutes)
    {
        var action = minutes is null ? AuditAction.SkipStop : AuditAction.PostponeStop;
        if (monitor.FindSession(sessionId) is not { } session)
            return NotFound();
        var machine = machineId is { } id ? session.Machines.FirstOrDefault(m => m.Id == id) : null;
        if (machineId is not null && machine is null)
            return NotFound();
        if (AccessPolicy.CanPostpone(viewer, session, machine) is { Allowed: false } refused)
            return await RefuseAsync(viewer, session, action, refused.Reason!, ActionDenial.NotAllowed, machine?.Name);
        if (minutes is { } m && !PostponeChoices.Contains(m))
            return await RefuseAsync(viewer, session, action, "Postpone by 30 or 60 minutes.", machine: machine?.Name);

        // Students change only the stops they may (the schedule's, the running-time limit's); the owner and admins any.
        var staff = AccessPolicy.CanManageClassTime(viewer, session).Allowed;
        var changed = await scheduler.ChangeAsync(sessionId, machineId, minutes is { } by ? TimeSpan.FromMinutes(by) : null, viewer.Name,
            reason => staff || Countdown.StudentsMayChange(reason));
        if (changed == 0)
            return await RefuseAsync(viewer, session, action, "There is no coming stop to change (quota stops end only with more hours).", machine: machine?.Name);
        var what = minutes is { } p ? $"postponed by {p} minutes" : "skipped";
        var target = machine?.Name ?? $"{changed} machine(s)";
        await audit.RecordAsync(viewer.Name, action, ActionOutcome.Succeeded, session.Name, machine?.Name, $"Coming stop of {target} {what}.");
        return new ActionResult(ActionOutcome.Succeeded, $"The coming stop of {target} is {what}.");
    }

    private async Task<ActionResult> RefuseAsync(Viewer viewer, SessionView session, AuditAction action, string reason,
        ActionDenial denial = ActionDenial.InvalidState, string? machine = null)
    {
        await audit.RecordAsync(viewer.Name, action, ActionOutcome.Refused, session.Name, machine, reason);
        return new ActionResult(ActionOutcome.Refused, reason) { Denial = denial };
    }

    private static ActionResult NotFound() => new(ActionOutcome.Failed, "That session or machine no longer exists.") { Denial = ActionDenial.NotFound };
}
