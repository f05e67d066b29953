using Dashboard.Core.Cloud.Pacing;
using Dashboard.Core.Domain;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Cloud.Simulated;

/// <summary>
/// A cloud that lives in this process: machines take time to change state, pass through the same
/// transitional states as Azure, refuse what Azure refuses, and Spot machines get evicted. Requests wait for their
/// turn under the same ARM-shaped rate limits as on Azure, and long operations run on after the request returns.
/// </summary>
public sealed partial class SimulatedCloud : ICloud, IDisposable
{
    private const string IdPrefix = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/simulated/providers/Microsoft.Compute/virtualMachines/";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SimulatedMachine> _machines = new(StringComparer.OrdinalIgnoreCase);
    private readonly SimulatedCloudOptions _options;
    private readonly SimulatedCloudStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<SimulatedCloud> _logger;
    private readonly CloudRequestPacer _pacer;
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    public SimulatedCloud(IOptions<SimulatedCloudOptions> options, CloudRequestPacer pacer, TimeProvider time, ILogger<SimulatedCloud> logger)
    {
        _options = options.Value;
        _pacer = pacer;
        _time = time;
        _logger = logger;
        _store = new SimulatedCloudStore(_options.StateFile, time);
        foreach (var machine in _store.Load())
        {
            // A state file from before machines had disks: each gets the disk it was created with.
            if (machine.OsDisk.Length == 0)
                (machine.OsDisk, machine.DiskContent) = ($"{machine.Name}-osdisk", FreshContentOf(machine.Image));
            _machines[machine.Id] = machine;
        }
        if (_options.SpotEvictionsPerHour > 0)
            _ = EvictAtRandomAsync(_stopping.Token);
    }

    private TimeSpan Step => TimeSpan.FromSeconds(_options.OperationSeconds / 2);

    public string IdFor(string machineName) => IdPrefix + machineName;

    public async Task<IReadOnlyList<CloudMachineStatus>> ListAsync(CancellationToken cancellationToken)
    {
        // One request per page of 50, as Azure's list pages.
        lock (_gate)
        {
            if (_machines.Count == 0)
                return [];
        }

        int pages;
        lock (_gate)
            pages = (_machines.Count + 49) / 50;
        for (var i = 0; i < pages; i++)
            await _pacer.AcquireAsync(CloudRequestKind.Read, cancellationToken);
        lock (_gate)
            return _machines.Values.Select(m => m.ToStatus()).ToList();
    }

    /// <summary>One machine's state for one read request, as Azure's instance view.</summary>
    public async Task<CloudMachineStatus?> ReadAsync(string cloudId, CancellationToken cancellationToken)
    {
        await _pacer.AcquireAsync(CloudRequestKind.Read, cancellationToken);
        lock (_gate)
            return _machines.TryGetValue(cloudId, out var machine) ? machine.ToStatus() : null;
    }

    /// <summary>Adds machines that are already running, without delay: used to seed demo data.</summary>
    public void AddRunning(IEnumerable<CloudMachineSpec> specs)
    {
        lock (_gate)
        {
            foreach (var spec in specs)
                _machines[IdFor(spec.Name)] = NewMachine(spec, MachineState.Running);
            Save();
        }
    }

    public async Task CreateAsync(CloudMachineSpec spec, CancellationToken cancellationToken)
    {
        var id = IdFor(spec.Name);
        await _pacer.AcquireAsync(CloudRequestKind.Write, cancellationToken);
        lock (_gate)
        {
            // Creating again over a failed machine retries its provisioning, as a PUT does on Azure.
            if (_machines.TryGetValue(id, out var existing) && existing.State != MachineState.Failed)
                throw new CloudOperationException("Conflict", $"A machine named {spec.Name} already exists.");
            if (spec.HibernationEnabled && spec.Priority == MachinePriority.Spot)
                throw new CloudOperationException("OperationNotAllowed", "Hibernation is not supported for Spot machines.");
            _machines[id] = NewMachine(spec, MachineState.Creating);
            _machines[id].Operation = "Create";
            Save();
        }

        _ = RunAsync(id, "Create", [MachineState.Creating, MachineState.Starting], MachineState.Running, failState: MachineState.Failed);
    }

    public Task StartAsync(string cloudId, CancellationToken cancellationToken) =>
        BeginAsync(cloudId, "Start", m => m.State is MachineState.Stopped or MachineState.Deallocated or MachineState.Hibernated,
            [MachineState.Starting, MachineState.Starting], MachineState.Running);

    public Task StopAsync(string cloudId, CancellationToken cancellationToken) =>
        BeginAsync(cloudId, "Stop", m => m.State is MachineState.Running or MachineState.Stopped,
            [MachineState.Stopping, MachineState.Deallocating], MachineState.Deallocated);

    public Task HibernateAsync(string cloudId, CancellationToken cancellationToken) =>
        BeginAsync(cloudId, "Hibernate", CanHibernate,
            [MachineState.Stopping, MachineState.Deallocating], MachineState.Hibernated);

    /// <summary>Completes when the machine runs again: a listing cannot tell a finished reboot from none.</summary>
    public async Task RebootAsync(string cloudId, CancellationToken cancellationToken) =>
        await await BeginAsync(cloudId, "Reboot", m => m.State == MachineState.Running,
            [MachineState.Starting, MachineState.Starting], MachineState.Running);

    public Task DeleteAsync(string cloudId, CancellationToken cancellationToken) =>
        BeginAsync(cloudId, "Delete", m => m.State is not MachineState.Deleting,
            [MachineState.Deleting, MachineState.Deleting], MachineState.Deleted, CloudRequestKind.Delete);

    public async Task SimulateEvictionAsync(string cloudId, CancellationToken cancellationToken)
    {
        await _pacer.AcquireAsync(CloudRequestKind.Write, cancellationToken);
        lock (_gate)
        {
            var machine = Find(cloudId);
            if (machine.Priority != MachinePriority.Spot)
                throw new CloudOperationException("OperationNotAllowed", $"{machine.Name} is not a Spot machine: only Spot machines can be evicted.");
            if (machine.State != MachineState.Running)
                throw new CloudOperationException("OperationNotAllowed", $"{machine.Name} is not running, so there is nothing to evict.");
        }

        await EvictAsync(cloudId);
    }

    // Registered as itself and as ICloud, so the container disposes it twice.
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _stopping.Cancel();
        lock (_gate)
            _store.Flush(_machines.Values);
    }

    private SimulatedMachine NewMachine(CloudMachineSpec spec, MachineState state) => new()
    {
        Id = IdFor(spec.Name),
        Name = spec.Name,
        Size = spec.Size,
        Image = spec.Image,
        Priority = spec.Priority,
        EvictionPolicy = spec.EvictionPolicy,
        HibernationEnabled = spec.HibernationEnabled,
        Tags = new Dictionary<string, string>(spec.Tags),
        State = state,
        OsDisk = $"{spec.Name}-osdisk",
        DiskContent = FreshContentOf(spec.Image),
    };

    private bool CanHibernate(SimulatedMachine machine)
    {
        if (machine.Priority == MachinePriority.Spot)
            throw new CloudOperationException("OperationNotAllowed", "Hibernation is not supported for Spot machines.");
        if (!machine.HibernationEnabled)
            throw new CloudOperationException("OperationNotAllowed", $"Hibernation is not enabled on {machine.Name}.");
        return machine.State == MachineState.Running;
    }

    /// <summary>Accepts an operation and returns; the returned task's task completes when the operation has ended.</summary>
    private async Task<Task> BeginAsync(string cloudId, string operation, Func<SimulatedMachine, bool> allowed,
        MachineState[] transitions, MachineState final, CloudRequestKind kind = CloudRequestKind.Write)
    {
        await _pacer.AcquireAsync(kind, CancellationToken.None);
        lock (_gate)
        {
            var machine = Find(cloudId);
            ThrowIfBusy(machine, operation);
            if (!allowed(machine))
                throw new CloudOperationException("OperationNotAllowed",
                    $"{operation} is not allowed while {machine.Name} is {DisplayText.Of(machine.State)}.");
            InjectFailure(operation, machine);
            machine.Operation = operation;
            machine.State = transitions[0];
            Save();
        }

        return RunAsync(cloudId, operation, transitions, final, failState: null);
    }

    /// <summary>Walks a machine through its transitional states to the final one; Deleted removes it.</summary>
    private async Task RunAsync(string cloudId, string operation, MachineState[] transitions, MachineState final, MachineState? failState)
    {
        await Task.Delay(Step, _time, CancellationToken.None);
        Advance(cloudId, transitions[1]);
        await Task.Delay(Step, _time, CancellationToken.None);
        lock (_gate)
        {
            // An eviction may have taken the machine meanwhile; the listing shows what happened.
            if (!_machines.TryGetValue(cloudId, out var machine))
                return;
            machine.Operation = null;
            if (failState is not null && (ShouldFail(operation) || LacksCapacity(operation, machine)))
            {
                machine.State = failState.Value;
                // A Spot creation fails for want of capacity, as on Azure.
                machine.Problem = operation == "Create" && machine.Priority == MachinePriority.Spot
                    ? $"No Spot capacity for {machine.Size} right now, so {machine.Name} could not be created (AllocationFailed)."
                    : $"{operation} of {machine.Name} failed (simulated fault).";
                machine.ProblemSince = _time.GetUtcNow();
                Save();
                return;
            }

            (machine.Problem, machine.ProblemSince) = (null, null);

            if (final == MachineState.Deleted)
                _machines.Remove(cloudId);
            else
                machine.State = final;
            Save();
        }
    }

    private void Advance(string cloudId, MachineState state)
    {
        lock (_gate)
        {
            if (_machines.TryGetValue(cloudId, out var machine))
            {
                machine.State = state;
                Save();
            }
        }
    }

    private SimulatedMachine Find(string cloudId) =>
        _machines.TryGetValue(cloudId, out var machine)
            ? machine
            : throw new CloudOperationException("ResourceNotFound", "The machine no longer exists in the cloud.");

    private static void ThrowIfBusy(SimulatedMachine machine, string operation)
    {
        if (machine.Operation is not null)
            throw new CloudOperationException("Conflict",
                $"{operation} conflicts with the {machine.Operation} operation still running on {machine.Name}.");
    }

    private void InjectFailure(string operation, SimulatedMachine machine)
    {
        if (!ShouldFail(operation) && !LacksCapacity(operation, machine))
            return;
        // Restarting Spot capacity is what fails most often on Azure; say it the way Azure does.
        if (operation == "Start" && machine.Priority == MachinePriority.Spot)
            throw new CloudOperationException("AllocationFailed",
                $"No Spot capacity for {machine.Size} right now, so {machine.Name} could not start. Try again later.");
        throw new CloudOperationException("InternalError", $"{operation} of {machine.Name} failed (simulated fault).");
    }

    private bool LacksCapacity(string operation, SimulatedMachine machine) =>
        _options.NoSpotCapacity && machine.Priority == MachinePriority.Spot && operation is "Start" or "Create";

    private bool ShouldFail(string operation) =>
        _options.FailOperations.Contains(operation, StringComparer.OrdinalIgnoreCase) ||
        (_options.FailureRate > 0 && Random.Shared.NextDouble() < _options.FailureRate);

    // Called under _gate. Written behind, at most a few times a second: a 500-machine batch is thousands of changes.
    private void Save() => _store.SaveSoon(() =>
    {
        lock (_gate)
            return _machines.Values.Select(m => m.Copy()).ToList();
    });
}
