using Dashboard.Core.Cloud;
using Dashboard.Core.Discovery;
using Microsoft.Extensions.Logging;

namespace Dashboard.Core.Live;

/// <summary>
/// After every poll, lists the tagged machines no session knows in <see cref="DiscoveredMachines"/>. It writes
/// nothing and adopts nothing (an admin does, through <see cref="MachineAdoption"/>), so whatever a stranger's tags
/// hold cannot fail a poll.
/// </summary>
public sealed partial class MachineDiscovery(SessionMonitor live, DiscoveredMachines discovered, ILogger<MachineDiscovery> logger)
{
    public void Refresh(IReadOnlyList<CloudMachineStatus> listed)
    {
        try
        {
            var machines = live.Sessions.SelectMany(s => s.Machines.Select(m => (Session: s.Name, Machine: m))).ToList();
            var knownIds = machines.Where(m => m.Machine.CloudId is not null).Select(m => m.Machine.CloudId!)
                .Concat(live.RecentlyRemoved()).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var knownNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (session, machine) in machines)
                knownNames.TryAdd(machine.Name, session);
            discovered.Replace(SessionDiscovery.Find(listed, knownIds, knownNames));
        }
        catch (Exception ex)
        {
            LogRefreshFailed(ex);
        }
    }

    [LoggerMessage(LogLevel.Error, "Listing discovered machines failed; the list keeps its last content")]
    private partial void LogRefreshFailed(Exception exception);
}
