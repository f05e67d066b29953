using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;
using Dashboard.Core.Persistence;
using Microsoft.Extensions.Logging;

namespace Dashboard.Core.Live;

/// <summary>Adopts tagged machines that no session knows yet, so the tree can be rebuilt from the cloud.</summary>
public sealed partial class MachineDiscovery(SessionMonitor live, SessionStore store, TimeProvider time, ILogger<MachineDiscovery> logger)
{
    public async Task AdoptStrangersAsync(IReadOnlyList<CloudMachineStatus> listed, CancellationToken cancellationToken)
    {
        var forgotten = live.RecentlyRemoved();
        var sessions = live.Sessions;
        var machines = sessions.SelectMany(s => s.Machines).ToList();
        var knownIds = machines.Where(m => m.CloudId is not null).Select(m => m.CloudId!)
            .Concat(forgotten).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var knownNames = machines.Select(m => m.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var found = SessionDiscovery.Discover(listed, knownIds, knownNames, sessions, time.GetUtcNow());
        if (found.NewSessions.Count == 0 && found.AddedMachines.Count == 0)
            return;

        await store.AdoptAsync(found.NewSessions, found.AddedMachines, cancellationToken);
        await live.Edit(edit =>
        {
            foreach (var session in found.NewSessions)
                edit.AddSession(SessionView.From(session));
            foreach (var machine in found.AddedMachines)
                edit.Put(MachineView.From(machine));
        });
        LogAdopted(found.NewSessions.Count, found.AddedMachines.Count + found.NewSessions.Sum(s => s.Machines.Count));
    }

    [LoggerMessage(LogLevel.Information, "Adopted {Sessions} new session(s) and {Machines} machine(s) from cloud tags")]
    private partial void LogAdopted(int sessions, int machines);
}
