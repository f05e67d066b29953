using System.Collections.Immutable;
using Dashboard.Core.Domain;
using Dashboard.Core.Persistence;

namespace Dashboard.Core.Live;

/// <summary>
/// One set of changes to the live store, made under its lock: sessions touched here are published once each when
/// the edit commits, however many of their machines changed, and state changes are saved in one transaction.
/// </summary>
internal sealed class LiveEdit(ImmutableDictionary<Guid, SessionView> sessions, Dictionary<Guid, Guid> sessionOfMachine, DateTimeOffset now)
{
    private readonly ImmutableDictionary<Guid, SessionView>.Builder _sessions = sessions.ToBuilder();
    private readonly Dictionary<Guid, SessionChange> _changes = [];
    private readonly List<Guid> _order = [];
    private readonly List<StateChange> _history = [];
    private readonly Dictionary<Guid, MachineView> _saved = [];
    private readonly List<Guid> _deleted = [];
    private readonly List<Guid> _ended = [];
    private readonly List<Action> _afterCommit = [];
    private readonly List<(SessionView Session, MachineView Machine)> _evictions = [];

    public DateTimeOffset Now { get; } = now;

    /// <summary>
    /// Applies what another server changed: shown here, never saved or sent on again (its origin saves and sends it).
    /// </summary>
    public bool FromPeer { get; init; }

    /// <summary>Operations this edit ended, for peers whose caller waits for them.</summary>
    public List<Scaling.EndedOperation> Ended { get; } = [];

    public IEnumerable<SessionView> Sessions => _sessions.Values;

    public ImmutableDictionary<Guid, SessionView> Result => _sessions.ToImmutable();

    public IEnumerable<SessionChange> Changes => _order.Select(id => _changes[id]);

    public List<(string CloudId, DateTimeOffset At)> ForgottenCloudIds { get; } = [];

    /// <summary>Machines this edit shows as evicted (the session and the machine as they were just before).</summary>
    public IReadOnlyList<(SessionView Session, MachineView Machine)> Evictions => _evictions;

    public bool HasStateWrites => _history.Count > 0 || _saved.Count > 0 || _deleted.Count > 0;

    /// <summary>Completes when this edit's state changes are in the database.</summary>
    public Task SaveTask { get; set; } = Task.CompletedTask;

    public SessionView? Session(Guid sessionId) => _sessions.GetValueOrDefault(sessionId);

    public MachineView? Machine(Guid machineId) =>
        sessionOfMachine.TryGetValue(machineId, out var sessionId) && _sessions.TryGetValue(sessionId, out var session)
            ? session.Machines.FirstOrDefault(m => m.Id == machineId)
            : null;

    /// <summary>Runs once the edit is visible to everyone (outside the lock): resolving waiters, for example.</summary>
    public void AfterCommit(Action action) => _afterCommit.Add(action);

    public void AddSession(SessionView session)
    {
        foreach (var machine in session.Machines)
            sessionOfMachine[machine.Id] = session.Id;
        PutSession(session);
    }

    public void PutSession(SessionView session)
    {
        _sessions[session.Id] = session;
        Publish(new SessionChange(SessionChangeKind.Upsert, session));
    }

    /// <summary>Shows a session as a peer sent it (already merged with what this server tracks), machines and all.</summary>
    public void ReplaceFromPeer(SessionView session)
    {
        if (_sessions.GetValueOrDefault(session.Id) is { } old)
        {
            foreach (var machine in old.Machines)
                sessionOfMachine.Remove(machine.Id);
        }

        AddSession(session);
    }

    /// <summary>Removes a session a peer ended.</summary>
    public void RemoveFromPeer(Guid sessionId)
    {
        if (_sessions.GetValueOrDefault(sessionId) is not { } session)
            return;
        foreach (var machine in session.Machines)
            sessionOfMachine.Remove(machine.Id);
        _sessions.Remove(sessionId);
        Publish(new SessionChange(SessionChangeKind.Remove, session));
    }

    /// <summary>Replaces (or adds to its session) a machine's picture without recording a state change.</summary>
    public void Put(MachineView machine)
    {
        if (_sessions.GetValueOrDefault(machine.SessionId) is not { } session)
            return;
        sessionOfMachine[machine.Id] = session.Id;
        PutSession(session.WithMachine(machine));
    }

    /// <summary>Shows a machine in a new state, records it in the history, and removes it when Deleted.</summary>
    public void ApplyState(StateUpdate update, bool keepOperation = true)
    {
        if (Machine(update.MachineId) is not { } machine)
            return;
        var session = _sessions[machine.SessionId];
        if (machine.State == update.State && machine.LastError == update.Error)
        {
            if (!keepOperation && machine.Operation is not null)
                Put(machine with { Operation = null });
            return;
        }

        if (machine.State != update.State)
        {
            _history.Add(HistoryOf(session, machine, update));
            if (update.Cause == StateChangeCause.Eviction)
                _evictions.Add((session, machine));
        }

        if (update.State == MachineState.Deleted)
        {
            Remove(session, machine);
            return;
        }

        var next = machine with
        {
            State = update.State,
            StateSince = machine.State == update.State ? machine.StateSince : Now,
            LastError = update.Error,
            Operation = keepOperation ? machine.Operation : null,
        };
        _saved[next.Id] = next;
        PutSession(session.WithMachine(next));
    }

    public Func<CancellationToken, Task> SaveStatesAsync(SessionStore store)
    {
        var history = _history.ToList();
        var saved = _saved.Values.ToList();
        var deleted = _deleted.ToList();
        var ended = _ended.ToList();
        var at = Now;
        return async ct =>
        {
            await store.RecordStatesAsync(history, saved, ct);
            if (deleted.Count > 0)
                await store.RemoveMachinesAsync(deleted, ended, at, ct);
        };
    }

    public void RunAfterCommit()
    {
        foreach (var action in _afterCommit)
            action();
    }

    private void Remove(SessionView session, MachineView machine)
    {
        _deleted.Add(machine.Id);
        _saved.Remove(machine.Id);
        if (machine.CloudId is not null)
            ForgottenCloudIds.Add((machine.CloudId, Now));
        sessionOfMachine.Remove(machine.Id);
        session = session.WithoutMachine(machine.Id);
        if (!session.Machines.IsEmpty)
        {
            PutSession(session);
            return;
        }

        _ended.Add(session.Id);
        _sessions.Remove(session.Id);
        Publish(new SessionChange(SessionChangeKind.Remove, session));
    }

    private void Publish(SessionChange change)
    {
        if (!_changes.ContainsKey(change.Session.Id))
            _order.Add(change.Session.Id);
        _changes[change.Session.Id] = change;
    }

    private StateChange HistoryOf(SessionView session, MachineView machine, StateUpdate update) => new()
    {
        MachineId = machine.Id,
        SessionName = session.Name,
        MachineName = machine.Name,
        From = machine.State,
        To = update.State,
        At = Now,
        Cause = update.Cause,
        EvictionPolicy = update.Cause == StateChangeCause.Eviction ? machine.EvictionPolicy : null,
    };
}
