using System.Collections.Immutable;
using System.Threading.Channels;
using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;
using Dashboard.Core.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Live;

/// <summary>
/// The one owner of live state. Fed by the cloud poller and by the operations the dashboard runs,
/// it fans changes out to subscribers (pages, the SignalR hub) and writes them to the database in order.
/// </summary>
public sealed partial class SessionMonitor(
    ICloud cloud,
    SessionStore store,
    IOptions<MonitorOptions> options,
    TimeProvider time,
    ILogger<SessionMonitor> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly List<SessionSubscription> _subscribers = [];
    private readonly Dictionary<Guid, PendingOperation> _pending = [];
    private readonly Dictionary<Guid, Guid> _sessionOfMachine = [];
    private readonly Channel<Func<CancellationToken, Task>> _writes = Channel.CreateUnbounded<Func<CancellationToken, Task>>();
    private ImmutableDictionary<Guid, SessionView> _sessions = ImmutableDictionary<Guid, SessionView>.Empty;
    private CloudHealth _health = new(null, null, null);

    public TimeSpan PollInterval => TimeSpan.FromSeconds(options.Value.PollSeconds ?? 5);

    public IReadOnlyList<SessionView> Sessions => Ordered(_sessions.Values);

    public CloudHealth Health => _health;

    /// <summary>Raised when the cloud becomes unreachable or reachable again.</summary>
    public event Action<CloudHealth>? HealthChanged;

    public SessionView? FindSession(Guid sessionId) => _sessions.GetValueOrDefault(sessionId);

    public SessionView? FindSession(string name) => _sessions.Values.FirstOrDefault(s => s.Name == name);

    public MachineView? FindMachine(Guid machineId)
    {
        lock (_gate)
        {
            return _sessionOfMachine.TryGetValue(machineId, out var sessionId)
                ? _sessions[sessionId].Machines.FirstOrDefault(m => m.Id == machineId)
                : null;
        }
    }

    public bool IsBusy(Guid machineId)
    {
        lock (_gate)
            return _pending.ContainsKey(machineId);
    }

    /// <summary>The current sessions and every change after them; nothing can slip in between.</summary>
    public SessionSubscription Subscribe()
    {
        lock (_gate)
        {
            var channel = Channel.CreateUnbounded<SessionChange>(new UnboundedChannelOptions { SingleReader = true });
            var subscription = new SessionSubscription(Ordered(_sessions.Values), channel, Unsubscribe, time);
            _subscribers.Add(subscription);
            return subscription;
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Load before the app serves, so the first page already shows every session.
        foreach (var session in await store.LoadActiveSessionsAsync(cancellationToken))
            AddToView(SessionView.From(session));
        await base.StartAsync(cancellationToken);
    }

    /// <summary>Reads every machine's state with one list call and reconciles it with what is shown.</summary>
    public async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<CloudMachineStatus> listed;
        try
        {
            listed = await cloud.ListAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ReportHealth(new CloudHealth(_health.LastSuccess, ex.Message, _health.FailingSince ?? time.GetUtcNow()));
            LogPollFailed(ex);
            return;
        }

        ReportHealth(new CloudHealth(time.GetUtcNow(), null, null));
        var byId = listed.ToDictionary(s => s.CloudId, StringComparer.OrdinalIgnoreCase);
        var updates = new List<StateUpdate>();
        lock (_gate)
        {
            foreach (var machine in _sessions.Values.SelectMany(s => s.Machines).Where(m => m.CloudId is not null))
            {
                var decision = StateReconciler.Decide(machine, byId.GetValueOrDefault(machine.CloudId!), _pending.GetValueOrDefault(machine.Id));
                if (decision is { } d)
                    updates.Add(new StateUpdate(machine.Id, d.State, d.Cause, d.State == MachineState.Evicted ? EvictionNote(machine) : null));
            }
        }

        if (updates.Count > 0)
            await ApplyAsync(updates, cancellationToken);
    }

    /// <summary>
    /// Adds a newly created session to the view and the database. Its Creating machines are claimed for their
    /// creation in the same step, so a poll never takes a machine the cloud does not list yet for a deleted one;
    /// the provisioner releases each with <see cref="EndOperationAsync"/>.
    /// </summary>
    public async Task AddSessionAsync(Session session, CancellationToken cancellationToken)
    {
        await store.AddSessionAsync(session, cancellationToken);
        lock (_gate)
        {
            var view = SessionView.From(session);
            AddToView(view);
            foreach (var machine in view.Machines.Where(m => m.State == MachineState.Creating))
                _pending[machine.Id] = new PendingOperation("Create", machine.State);
            Publish(new SessionChange(SessionChangeKind.Upsert, view));
        }
    }

    /// <summary>Claims a machine for an operation; false when another operation already holds it.</summary>
    public bool TryBeginOperation(Guid machineId, string operation)
    {
        lock (_gate)
        {
            var machine = FindMachine(machineId);
            if (machine is null || _pending.ContainsKey(machineId))
                return false;
            _pending[machineId] = new PendingOperation(operation, machine.State);
            return true;
        }
    }

    /// <summary>Releases a machine and shows the state its operation ended in.</summary>
    public Task EndOperationAsync(Guid machineId, StateUpdate? final, CancellationToken cancellationToken)
    {
        lock (_gate)
            _pending.Remove(machineId);
        return final is null ? Task.CompletedTask : ApplyAsync([final], cancellationToken);
    }

    /// <summary>Shows new states at once, records their history, and completes when the database has them.</summary>
    public Task ApplyAsync(IReadOnlyList<StateUpdate> updates, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var history = new List<StateChange>();
        var changed = new List<MachineView>();
        var removed = new List<Guid>();
        var ended = new List<Guid>();
        lock (_gate)
        {
            foreach (var update in updates)
                ApplyOne(update, now, history, changed, removed, ended);
        }

        if (history.Count == 0 && changed.Count == 0 && removed.Count == 0)
            return Task.CompletedTask;
        return EnqueueWrite(async ct =>
        {
            await store.RecordStatesAsync(history, changed, ct);
            if (removed.Count > 0)
                await store.RemoveMachinesAsync(removed, ended, now, ct);
        });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var writer = WriteLoopAsync(stoppingToken);
        using var timer = new PeriodicTimer(PollInterval, time);
        try
        {
            do
            {
                await PollOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        _writes.Writer.TryComplete();
        await writer;
    }
}
