using Dashboard.Core.Cloud.Pacing;
using Dashboard.Core.Domain;

namespace Dashboard.Core.Cloud.Simulated;

// Snapshots, restores and reimages. Each machine keeps its own snapshots and the content of its OS disk, so what a
// restore brings back can be seen; disk operations pass through the same states as on Azure and take as long.
public sealed partial class SimulatedCloud
{
    /// <summary>What is on a machine's OS disk now; null when there is no such machine.</summary>
    public string? DiskContentOf(string machineName)
    {
        lock (_gate)
            return _machines.GetValueOrDefault(IdFor(machineName))?.DiskContent;
    }

    /// <summary>Stands for someone working on the machine: what they leave on its OS disk.</summary>
    public void WriteToDisk(string machineName, string content)
    {
        lock (_gate)
        {
            Find(IdFor(machineName)).DiskContent = content;
            Save();
        }
    }

    /// <summary>The OS disk a machine boots from, by name; null when there is no such machine.</summary>
    public string? OsDiskOf(string machineName)
    {
        lock (_gate)
            return _machines.GetValueOrDefault(IdFor(machineName))?.OsDisk;
    }

    private static string FreshContentOf(string image) => $"fresh from {image}";

    public async Task<string> SnapshotAsync(string cloudId, CancellationToken cancellationToken)
    {
        await _pacer.AcquireAsync(CloudRequestKind.Write, cancellationToken);
        SimulatedMachine machine;
        string content;
        lock (_gate)
        {
            machine = Find(cloudId);
            ThrowIfBusy(machine, "Snapshot");
            InjectFailure("Snapshot", machine);
            machine.Operation = "Snapshot";
            content = machine.DiskContent;
        }

        try
        {
            await Task.Delay(Step * 2, _time, CancellationToken.None);
        }
        finally
        {
            lock (_gate)
                machine.Operation = null;
        }

        lock (_gate)
        {
            var name = UniqueSnapshotName(machine, $"{machine.Name}-osdisk-{_time.GetUtcNow():yyyyMMdd-HHmmss}");
            machine.Snapshots.Add(new SimulatedSnapshot(name, _time.GetUtcNow(), machine.OsDisk, content));
            Save();
            return name;
        }
    }

    public async Task<IReadOnlyList<CloudSnapshot>> ListSnapshotsAsync(string cloudId, CancellationToken cancellationToken)
    {
        await _pacer.AcquireAsync(CloudRequestKind.Read, cancellationToken);
        lock (_gate)
            return [.. Find(cloudId).Snapshots.OrderByDescending(s => s.CreatedAt).Select(s => s.ToCloudSnapshot())];
    }

    public async Task DeallocateAndWaitAsync(string cloudId, CancellationToken cancellationToken) =>
        await await BeginAsync(cloudId, "Stop", m => m.State is MachineState.Running or MachineState.Stopped,
            [MachineState.Stopping, MachineState.Deallocating], MachineState.Deallocated);

    public async Task StartAndWaitAsync(string cloudId, CancellationToken cancellationToken) =>
        await await BeginAsync(cloudId, "Start", m => m.State is MachineState.Stopped or MachineState.Deallocated,
            [MachineState.Starting, MachineState.Starting], MachineState.Running);

    /// <summary>Updating while the copy is made and swapped in; the machine stays deallocated; its old disk is deleted.</summary>
    public async Task<RestoredDisk> RestoreOsDiskAsync(string cloudId, string snapshotName, CancellationToken cancellationToken)
    {
        await _pacer.AcquireAsync(CloudRequestKind.Write, cancellationToken);
        SimulatedSnapshot snapshot;
        lock (_gate)
        {
            var machine = Find(cloudId);
            ThrowIfBusy(machine, "Restore");
            if (machine.State != MachineState.Deallocated)
                throw new CloudOperationException("OperationNotAllowed",
                    $"The OS disk of {machine.Name} can only be replaced while it is deallocated; it is {DisplayText.Of(machine.State)}.");
            snapshot = machine.Snapshots.FirstOrDefault(s => s.Name == snapshotName)
                ?? throw SnapshotGone(snapshotName, $"nothing was changed on {machine.Name}");
            InjectFailure("Restore", machine);
            machine.Operation = "Restore";
            machine.State = MachineState.Updating;
            Save();
        }

        await Task.Delay(Step * 2, _time, CancellationToken.None);
        lock (_gate)
        {
            var machine = Find(cloudId);
            var old = machine.OsDisk;
            machine.OsDisk = $"{machine.Name}-osdisk-{_time.GetUtcNow():yyyyMMdd-HHmmss}";
            machine.DiskContent = snapshot.Content;
            machine.State = MachineState.Deallocated;
            machine.Operation = null;
            Save();
            return new RestoredDisk(machine.OsDisk, old, OldDiskDeleted: true);
        }
    }

    /// <summary>Updating while the fresh disk is made; a running machine then boots from it (starting) and runs again.</summary>
    public async Task ReimageAsync(string cloudId, CancellationToken cancellationToken)
    {
        await _pacer.AcquireAsync(CloudRequestKind.Write, cancellationToken);
        MachineState before;
        lock (_gate)
        {
            var machine = Find(cloudId);
            ThrowIfBusy(machine, "Reimage");
            if (machine.State is not (MachineState.Running or MachineState.Stopped or MachineState.Deallocated))
                throw new CloudOperationException("OperationNotAllowed", $"Reimage is not allowed while {machine.Name} is {DisplayText.Of(machine.State)}.");
            InjectFailure("Reimage", machine);
            before = machine.State;
            machine.Operation = "Reimage";
            machine.State = MachineState.Updating;
            Save();
        }

        await Task.Delay(Step, _time, CancellationToken.None);
        if (before == MachineState.Running)
            Advance(cloudId, MachineState.Starting);
        await Task.Delay(Step, _time, CancellationToken.None);
        lock (_gate)
        {
            var machine = Find(cloudId);
            machine.OsDisk = $"{machine.Name}-osdisk-{_time.GetUtcNow():yyyyMMdd-HHmmss}";
            machine.DiskContent = FreshContentOf(machine.Image);
            machine.State = before;
            machine.Operation = null;
            Save();
        }
    }

    public async Task CreateFromSnapshotAsync(CloudMachineSpec spec, string snapshotName, CancellationToken cancellationToken)
    {
        var id = IdFor(spec.Name);
        await _pacer.AcquireAsync(CloudRequestKind.Write, cancellationToken);
        lock (_gate)
        {
            var snapshot = _machines.Values.SelectMany(m => m.Snapshots).FirstOrDefault(s => s.Name == snapshotName)
                ?? throw SnapshotGone(snapshotName, $"{spec.Name} was not created");
            if (_machines.ContainsKey(id))
                throw new CloudOperationException("Conflict", $"A machine named {spec.Name} already exists.");
            var machine = NewMachine(spec, MachineState.Creating);
            machine.DiskContent = snapshot.Content;
            machine.Operation = "Create";
            _machines[id] = machine;
            Save();
        }

        _ = RunAsync(id, "Create", [MachineState.Creating, MachineState.Starting], MachineState.Running, failState: MachineState.Failed);
    }

    private static CloudOperationException SnapshotGone(string snapshotName, string consequence) =>
        new("SnapshotNotFound", $"Snapshot {snapshotName} no longer exists; {consequence}.");

    private static string UniqueSnapshotName(SimulatedMachine machine, string name)
    {
        var candidate = name;
        for (var i = 2; machine.Snapshots.Any(s => s.Name == candidate); i++)
            candidate = $"{name}-{i}";
        return candidate;
    }
}
