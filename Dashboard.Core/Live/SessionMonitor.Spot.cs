using Dashboard.Core.Domain;
using Dashboard.Core.Spot;

namespace Dashboard.Core.Live;

public sealed partial class SessionMonitor
{
    /// <summary>Shows a session's Spot recovery settings everywhere, then saves them in order with the other writes.</summary>
    public Task SetSpotRecoveryAsync(Guid sessionId, SpotRecoverySettings settings)
    {
        var changed = Edit(edit =>
        {
            if (edit.Session(sessionId) is not { } session || session.SpotRecovery == settings)
                return false;
            edit.PutSession(session with { SpotRecovery = settings });
            return true;
        });
        return changed ? writer.EnqueueAsync(ct => store.SetSpotRecoveryAsync(sessionId, settings, ct)) : Task.CompletedTask;
    }

    /// <summary>Shows a machine at its new priority (recreated at regular priority after Spot failed), then saves it.</summary>
    public Task SetPriorityAsync(Guid machineId, MachinePriority priority, bool fellBack)
    {
        _ = Edit(edit =>
        {
            if (edit.Machine(machineId) is { } machine)
                edit.Put(machine with { Priority = priority, FellBackFromSpot = fellBack });
        });
        return writer.EnqueueAsync(ct => store.SetPriorityAsync(machineId, priority, fellBack, ct));
    }
}
