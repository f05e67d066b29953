using Dashboard.Core.Domain;
using Dashboard.Core.Spot;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Spot;

/// <summary>Spot events about the demo's machines, as the live store (or recovery) raises them.</summary>
internal static class SpotAlertEvents
{
    public static SpotEvent About(CoreHost core, string sessionName, SpotEventKind kind = SpotEventKind.Evicted, int index = 0, string detail = "")
    {
        var session = core.Monitor.FindSession(sessionName) ?? throw new InvalidOperationException($"No session {sessionName}.");
        var spot = session.Machines.Where(m => m.IsSpot).ToList();
        var machine = spot[index % spot.Count];
        return new SpotEvent(kind, session.Id, session.Name, session.Owner, machine.Id, machine.Name, machine.Size,
            machine.EvictionPolicy, DateTimeOffset.UtcNow, detail);
    }
}
