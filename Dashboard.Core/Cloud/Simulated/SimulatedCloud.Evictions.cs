using Dashboard.Core.Domain;
using Microsoft.Extensions.Logging;

namespace Dashboard.Core.Cloud.Simulated;

public sealed partial class SimulatedCloud
{
    /// <summary>Reclaims a Spot machine per its policy: Deallocate keeps it stopped, Delete removes it.</summary>
    internal async Task EvictAsync(string cloudId)
    {
        EvictionPolicy policy;
        lock (_gate)
        {
            var machine = Find(cloudId);
            policy = machine.EvictionPolicy ?? EvictionPolicy.Deallocate;
            machine.Operation = "Evict";
            machine.State = policy == EvictionPolicy.Delete ? MachineState.Deleting : MachineState.Deallocating;
            Save();
            LogEvicted(machine.Name, policy);
        }

        await Task.Delay(Step, _time, CancellationToken.None);
        lock (_gate)
        {
            if (!_machines.TryGetValue(cloudId, out var machine))
                return;
            machine.Operation = null;
            if (policy == EvictionPolicy.Delete)
                _machines.Remove(cloudId);
            else
                machine.State = MachineState.Deallocated;
            Save();
        }
    }

    private async Task EvictAtRandomAsync(CancellationToken cancellationToken)
    {
        // Each second, every running Spot machine is reclaimed with probability rate/3600.
        var chancePerSecond = _options.SpotEvictionsPerHour / 3600;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                List<string> victims;
                lock (_gate)
                {
                    victims = _machines.Values
                        .Where(m => m.Priority == MachinePriority.Spot && m.State == MachineState.Running && m.Operation is null)
                        .Where(_ => Random.Shared.NextDouble() < chancePerSecond)
                        .Select(m => m.Id)
                        .ToList();
                }

                foreach (var id in victims)
                    _ = EvictAsync(id);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(LogLevel.Information, "Simulated cloud evicted Spot machine {Name} ({Policy})")]
    private partial void LogEvicted(string name, EvictionPolicy policy);
}
