using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;
using Microsoft.Extensions.Logging;

namespace Dashboard.Core.Live;

public sealed partial class SessionMonitor
{
    private static readonly TimeSpan ForgetFor = TimeSpan.FromMinutes(10);

    // Machines the dashboard removed recently: a list fetched just before their deletion must not bring them back.
    private readonly Dictionary<string, DateTimeOffset> _forgotten = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adopts tagged machines that no session knows yet, so the tree can be rebuilt from the cloud.</summary>
    private async Task AdoptStrangersAsync(IReadOnlyList<CloudMachineStatus> listed, CancellationToken cancellationToken)
    {
        SessionDiscovery.Result found;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            foreach (var old in _forgotten.Where(f => now - f.Value > ForgetFor).Select(f => f.Key).ToList())
                _forgotten.Remove(old);
            var machines = _sessions.Values.SelectMany(s => s.Machines).ToList();
            var knownIds = machines.Where(m => m.CloudId is not null).Select(m => m.CloudId!)
                .Concat(_forgotten.Keys).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var knownNames = machines.Select(m => m.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            found = SessionDiscovery.Discover(listed, knownIds, knownNames, Ordered(_sessions.Values), now);
        }

        if (found.NewSessions.Count == 0 && found.AddedMachines.Count == 0)
            return;

        await store.AdoptAsync(found.NewSessions, found.AddedMachines, cancellationToken);
        lock (_gate)
        {
            foreach (var session in found.NewSessions)
            {
                var view = SessionView.From(session);
                AddToView(view);
                Publish(new SessionChange(SessionChangeKind.Upsert, view));
            }

            foreach (var group in found.AddedMachines.GroupBy(m => m.SessionId))
            {
                var view = _sessions[group.Key];
                foreach (var machine in group)
                {
                    view = view.WithMachine(MachineView.From(machine));
                    _sessionOfMachine[machine.Id] = view.Id;
                }

                _sessions = _sessions.SetItem(view.Id, view);
                Publish(new SessionChange(SessionChangeKind.Upsert, view));
            }
        }

        LogAdopted(found.NewSessions.Count, found.AddedMachines.Count + found.NewSessions.Sum(s => s.Machines.Count));
    }

    [LoggerMessage(LogLevel.Information, "Adopted {Sessions} new session(s) and {Machines} machine(s) from cloud tags")]
    private partial void LogAdopted(int sessions, int machines);
}
