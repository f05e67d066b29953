using Dashboard.Core.Domain;

namespace Dashboard.Core.Costs;

/// <summary>
/// Folds one machine's state history into hours for a period, change by change, so a session's history is read once
/// and then only what was added. The state before the first change read is that change's From; with no change read,
/// the state the machine had when the meter began. A machine is counted from its session's creation at the earliest.
/// </summary>
internal sealed class MachineMeter(CostPeriod period, DateTimeOffset begin, EvictionPolicy? policy, MachineState initial)
{
    private MachineState? _state;
    private DateTimeOffset _since = begin;
    private MeteredHours _hours;

    public void Apply(in HistoryEntry change)
    {
        _hours += Span(_state ?? change.From, _since, change.At);
        _state = change.To;
        if (change.At > _since)
            _since = change.At;
    }

    /// <summary>
    /// The hours until <paramref name="now"/>. A live state the history does not show yet (it is saved behind the
    /// live view) counts from when the live view says it began.
    /// </summary>
    public MeteredHours Read(MachineView live, DateTimeOffset now)
    {
        var (hours, state, since) = (_hours, _state ?? initial, _since);
        if (live.State != state && live.StateSince > since)
        {
            hours += Span(state, since, live.StateSince);
            (state, since) = (live.State, live.StateSince);
        }

        return hours + Span(state, since, now);
    }

    private MeteredHours Span(MachineState state, DateTimeOffset from, DateTimeOffset to)
    {
        var hours = period.HoursOf(from, to);
        if (hours == 0)
            return default;
        var compute = BillingRules.BillsCompute(state) ? hours : 0;
        var disk = BillingRules.HasDisk(state, policy) ? hours : 0;
        return new MeteredHours(compute, disk, compute == 0 ? disk : 0);
    }
}
