using Dashboard.Core.Domain;
using Dashboard.Core.Spot;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Persistence;

public sealed partial class SessionStore
{
    public Task SetSpotRecoveryAsync(Guid sessionId, SpotRecoverySettings settings, CancellationToken cancellationToken) => WriteAsync(db =>
        db.Sessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.SpotRecovery, settings.Mode)
            .SetProperty(x => x.SpotFallbackAfterAttempts, settings.FallbackAfterAttempts)
            .SetProperty(x => x.SpotFallbackAfterMinutes, settings.FallbackAfterMinutes)
            .SetProperty(x => x.SpotReturnAfterMinutes, settings.ReturnAfterMinutes), cancellationToken), cancellationToken);

    /// <summary>A machine recreated at another priority (regular, after Spot kept failing).</summary>
    public Task SetPriorityAsync(Guid machineId, MachinePriority priority, bool fellBack, CancellationToken cancellationToken) => WriteAsync(db =>
        db.Machines.Where(m => m.Id == machineId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Priority, priority)
            .SetProperty(x => x.FellBackFromSpot, fellBack), cancellationToken), cancellationToken);
}
