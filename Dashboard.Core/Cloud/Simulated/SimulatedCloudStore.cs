using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashboard.Core.Cloud.Simulated;

/// <summary>Keeps the simulated machines in a JSON file, so the "cloud" outlives a dashboard restart.</summary>
internal sealed class SimulatedCloudStore(string? path, TimeProvider time)
{
    private static readonly TimeSpan SaveDelay = TimeSpan.FromMilliseconds(250);
    // Two locks, never held together with the cloud's in the wrong order: _gate guards the schedule (taken under the
    // cloud's lock), _writing the file (taken after the cloud's lock is released, or under it at shutdown).
    private readonly Lock _gate = new();
    private readonly Lock _writing = new();
    private bool _scheduled;
    private long _taken, _written;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public IEnumerable<SimulatedMachine> Load()
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
            return [];
        var machines = JsonSerializer.Deserialize<List<SimulatedMachine>>(File.ReadAllText(path), Json) ?? [];
        // An operation cannot survive the process that ran it; its machine lands where it was heading.
        foreach (var machine in machines.Where(m => m.Operation is not null))
        {
            machine.State = Settle(machine.State);
            machine.Operation = null;
        }

        return machines.Where(m => m.State != Domain.MachineState.Deleting);
    }

    /// <summary>Saves shortly, once for however many changes come meanwhile; <paramref name="snapshot"/> copies the machines.</summary>
    public void SaveSoon(Func<List<SimulatedMachine>> snapshot)
    {
        if (string.IsNullOrEmpty(path))
            return;
        lock (_gate)
        {
            if (_scheduled)
                return;
            _scheduled = true;
        }

        _ = Task.Run(async () =>
        {
            await Task.Delay(SaveDelay, time);
            lock (_gate)
                _scheduled = false;
            var version = Interlocked.Increment(ref _taken);
            var machines = snapshot();
            Write(machines, version);
        });
    }

    /// <summary>Saves now (at shutdown, under the cloud's lock), so nothing changed is lost.</summary>
    public void Flush(IEnumerable<SimulatedMachine> machines)
    {
        if (!string.IsNullOrEmpty(path))
            Write(machines, Interlocked.Increment(ref _taken));
    }

    // Atomically, so a crash never leaves half a file; an older snapshot never overwrites a newer one.
    private void Write(IEnumerable<SimulatedMachine> machines, long version)
    {
        lock (_writing)
        {
            if (version <= _written)
                return;
            _written = version;
            WriteFile(machines);
        }
    }

    private void WriteFile(IEnumerable<SimulatedMachine> machines)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(machines, Json));
        File.Move(temp, path!, overwrite: true);
    }

    private static Domain.MachineState Settle(Domain.MachineState state) => state switch
    {
        Domain.MachineState.Creating or Domain.MachineState.Starting => Domain.MachineState.Running,
        Domain.MachineState.Stopping or Domain.MachineState.Deallocating => Domain.MachineState.Deallocated,
        // A disk swap ends on a deallocated machine.
        Domain.MachineState.Updating => Domain.MachineState.Deallocated,
        _ => state,
    };
}
