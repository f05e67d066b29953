using Dashboard.Core.Costs;
using Dashboard.Core.Domain;

namespace Dashboard.Core.ClassTime;

/// <summary>
/// Budget stops: once the budget check projects the session's stop share within the warning horizon, every running
/// machine gets a stop one horizon (30 minutes) away, counted down and postponable by the owner like a scheduled one.
/// One per machine at a time; one that was skipped holds for the rest of the month.
/// </summary>
public sealed partial class ClassScheduler
{
    // The latest budget stop of each machine: open ones and, for the month they were skipped in, skipped ones.
    private readonly Dictionary<Guid, PlannedStop> _budgetStops = [];

    private List<PlannedStop> PlanBudgetStops(SessionView session, DateTimeOffset now)
    {
        var added = new List<PlannedStop>();
        if (budgets.ReachedAt(session.Id) is not { } reached || reached > now + Options.Horizon)
            return added;
        // Machines started meanwhile stop with the others; a postponed machine keeps its own time.
        var due = _budgetStops.Values.Where(s => s.SessionId == session.Id && s.DoneAt is null && s.ChangedBy is null)
            .Select(s => (DateTimeOffset?)s.DueAt).Min() ?? now + Options.Horizon;
        var plannedAt = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var month = CostPeriod.MonthOf(now);
        foreach (var machine in session.Machines)
        {
            if (machine.State is not (MachineState.Running or MachineState.Starting))
                continue;
            if (_budgetStops.TryGetValue(machine.Id, out var last) && (last.DoneAt is null || (last.Skipped && month.Contains(last.PlannedAt))))
                continue;
            var stop = new PlannedStop
            {
                SessionId = session.Id, MachineId = machine.Id, Reason = StopReason.Budget, PlannedAt = plannedAt, DueAt = due,
            };
            _open[(machine.Id, StopReason.Budget, plannedAt)] = stop;
            _budgetStops[machine.Id] = stop;
            added.Add(stop);
        }

        return added;
    }

    /// <summary>A budget stop nobody touched ends when the budget is no longer on its way past the stop share (raised, say).</summary>
    private bool IsBudgetStopMoot(PlannedStop stop, SessionView session, DateTimeOffset now) =>
        stop.ChangedBy is null && !(session.BudgetStoppedAt is { } stopped && CostPeriod.MonthOf(now).Contains(stopped))
        && (budgets.ReachedAt(session.Id) is not { } reached || reached > now + Options.Horizon);

    private async Task LoadBudgetStopsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        _budgetStops.Clear();
        foreach (var stop in _open.Values.Where(s => s.Reason == StopReason.Budget))
            _budgetStops[stop.MachineId] = stop;
        foreach (var skipped in await store.LoadSkippedBudgetStopsAsync(CostPeriod.MonthOf(now).Start, cancellationToken))
            _budgetStops.TryAdd(skipped.MachineId, skipped);
    }

    private void ForgetEndedBudgetStops(DateTimeOffset now)
    {
        var month = CostPeriod.MonthOf(now);
        foreach (var (machineId, _) in _budgetStops.Where(b => b.Value.DoneAt is not null && !(b.Value.Skipped && month.Contains(b.Value.PlannedAt))).ToList())
            _budgetStops.Remove(machineId);
    }
}
