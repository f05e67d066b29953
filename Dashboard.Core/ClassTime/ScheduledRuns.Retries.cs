using System.Collections.Concurrent;
using Dashboard.Core.Actions;
using Dashboard.Core.Domain;

namespace Dashboard.Core.ClassTime;

/// <summary>
/// Automatic stops the cloud failed (an internal error, throttling) are tried again at the next ticks, for the machines
/// still running, up to <see cref="MaxStopTries"/> tries in all; the session shows the problem until one succeeds.
/// </summary>
public sealed partial class ScheduledRuns
{
    /// <summary>Tries of one automatic stop of one machine, the first included.</summary>
    public const int MaxStopTries = 5;

    // Failed stops waiting for their next try, by machine. Taken out while a try runs, so two never overlap.
    private readonly ConcurrentDictionary<Guid, StopTry> _failedStops = new();

    /// <summary>One try of a due stop: the planned stop and which try this is (1 for the first).</summary>
    public sealed record StopTry(PlannedStop Stop, int Try);

    /// <summary>The failed stops to try again now, by session, of machines that still run; the others are dropped.</summary>
    public IReadOnlyList<(Guid SessionId, IReadOnlyList<(MachineView Machine, StopTry Try)> Tries)> TakeStopRetries(Func<Guid, MachineView?> findMachine)
    {
        var taken = new List<(MachineView Machine, StopTry Try)>();
        foreach (var (machineId, failed) in _failedStops)
        {
            if (!_failedStops.TryRemove(machineId, out _))
                continue;
            if (findMachine(machineId) is { State: MachineState.Running or MachineState.Starting } machine)
                taken.Add((machine, failed with { Try = failed.Try + 1 }));
        }

        return [.. taken.GroupBy(t => t.Try.Stop.SessionId).Select(g => (g.Key, (IReadOnlyList<(MachineView, StopTry)>)[.. g]))];
    }

    /// <summary>Keeps the machines whose stop failed for another try, while tries are left.</summary>
    private void RememberFailedStops(BatchResult result, IEnumerable<(MachineView Machine, StopTry Try)> tried)
    {
        // A refused batch (another one holding the session, say) stopped none of them.
        var failed = result.Failed.Select(f => f.Machine).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (machine, attempt) in tried)
        {
            if ((result.Refused is not null || failed.Contains(machine.Name)) && attempt.Try < MaxStopTries)
                _failedStops[machine.Id] = attempt;
        }
    }

    /// <summary>Words for the session's problem: whether the stop is tried again, or was given up.</summary>
    private static string RetryNote(BatchResult result, IReadOnlyCollection<(MachineView Machine, StopTry Try)> tried)
    {
        if (result.Failed.Count == 0 && result.Refused is null)
            return "";
        var lastTry = tried.Max(t => t.Try.Try);
        return lastTry < MaxStopTries
            ? $"try {lastTry} of {MaxStopTries}; trying again at the next tick"
            : $"gave up after {MaxStopTries} tries: stop the machines by hand";
    }
}
