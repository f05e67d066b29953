using System.Collections.Immutable;
using Dashboard.Core.Domain;
using Dashboard.Core.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dashboard.Core.Live;

/// <summary>
/// The live store: the one current picture of every session and machine (operations in flight and cloud health
/// included), and the fan-out of its changes to subscribers (pages, the hub). The poller, the operation tracker and
/// discovery change it through Edit; <see cref="StateWriter"/> saves what changed, in order.
/// </summary>
public sealed partial class SessionMonitor(SessionStore store, StateWriter writer, DatabaseHealth database, TimeProvider time,
    Spot.SpotEvents spotEvents, Scaling.PeerOutbox peers, ILogger<SessionMonitor> logger) : IHostedService
{
    private static readonly TimeSpan ForgetFor = TimeSpan.FromMinutes(10);

    private readonly List<SessionSubscription> _subscribers = [];
    private readonly Dictionary<Guid, Guid> _sessionOfMachine = [];
    // Machines the dashboard removed recently: a list fetched just before their deletion must not bring them back.
    private readonly Dictionary<string, DateTimeOffset> _forgotten = new(StringComparer.OrdinalIgnoreCase);
    private ImmutableDictionary<Guid, SessionView> _sessions = ImmutableDictionary<Guid, SessionView>.Empty;
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private CloudHealth _health = new(null, null, null);

    /// <summary>Guards every change; the tracker, poller and discovery take it through Edit.</summary>
    internal Lock Gate { get; } = new();

    public IReadOnlyList<SessionView> Sessions => Ordered(_sessions.Values);

    public CloudHealth Health => _health;

    public SessionView? FindSession(Guid sessionId) => _sessions.GetValueOrDefault(sessionId);

    public SessionView? FindSession(string name) => _sessions.Values.FirstOrDefault(s => s.Name == name);

    public MachineView? FindMachine(Guid machineId)
    {
        lock (Gate)
        {
            return _sessionOfMachine.TryGetValue(machineId, out var sessionId)
                ? _sessions[sessionId].Machines.FirstOrDefault(m => m.Id == machineId)
                : null;
        }
    }

    /// <summary>Whether an operation holds the machine, whoever started it.</summary>
    public bool IsBusy(Guid machineId) => FindMachine(machineId)?.Operation is not null;

    /// <summary>The current sessions and every change after them; nothing can slip in between.</summary>
    public SessionSubscription Subscribe()
    {
        lock (Gate)
        {
            var subscription = new SessionSubscription(Ordered(_sessions.Values), _health, Unsubscribe, time);
            _subscribers.Add(subscription);
            return subscription;
        }
    }

    /// <summary>Completes once the sessions are loaded from the database; the poller reconciles nothing before.</summary>
    public Task WhenLoaded => _loaded.Task;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        database.Changed += ShowDatabaseHealth;
        ShowDatabaseHealth();
        // Load before the app serves, so the first page already shows every session. A database that does not
        // answer does not stop the start: loading goes on in the background and the pages show the problem.
        if (database.WhenReady.IsCompletedSuccessfully && await TryLoadAsync(cancellationToken))
            return;
        _ = LoadInBackgroundAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        database.Changed -= ShowDatabaseHealth;
        await _stopping.CancelAsync();
    }

    private async Task LoadInBackgroundAsync(CancellationToken cancellationToken)
    {
        try
        {
            await database.WhenReady.WaitAsync(cancellationToken);
            for (var wait = Backoff.First; !await TryLoadAsync(cancellationToken); wait = Backoff.Next(wait))
                await Task.Delay(wait, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<bool> TryLoadAsync(CancellationToken cancellationToken)
    {
        List<Session> sessions;
        try
        {
            sessions = await store.LoadActiveSessionsAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            database.Failed(ex);
            LogLoadFailed(ex);
            return false;
        }

        database.Recovered();
        _ = Edit(edit =>
        {
            foreach (var session in sessions.Where(s => edit.Session(s.Id) is null))
                edit.AddSession(SessionView.From(session));
        });
        _loaded.TrySetResult();
        return true;
    }

    /// <summary>Shows new states at once, records their history, and completes when the database has them.</summary>
    public Task ApplyAsync(IReadOnlyList<StateUpdate> updates, CancellationToken cancellationToken) => Edit(edit =>
    {
        foreach (var update in updates)
            edit.ApplyState(update);
    });

    /// <summary>Completes once every change shown so far is in the database (history pages read after it).</summary>
    public Task FlushWritesAsync() => writer.FlushAsync();

    /// <summary>Shows a machine's new student everywhere at once, then saves it in order with the other writes.</summary>
    public Task SetAssignmentAsync(Guid machineId, string? user)
    {
        _ = Edit(edit =>
        {
            if (edit.Machine(machineId) is { } machine && machine.AssignedUser != user)
                edit.Put(machine with { AssignedUser = user });
        });
        return writer.EnqueueAsync(ct => store.SetAssignmentAsync(machineId, user, ct));
    }

    /// <summary>Shows whether students may start and stop their machines, then saves it in order with the other writes.</summary>
    public Task SetStudentsMayStartStopAsync(Guid sessionId, bool allowed)
    {
        var changed = Edit(edit =>
        {
            if (edit.Session(sessionId) is not { } session || session.StudentsMayStartStop == allowed)
                return false;
            edit.PutSession(session with { StudentsMayStartStop = allowed });
            return true;
        });
        return changed ? writer.EnqueueAsync(ct => store.SetStudentsMayStartStopAsync(sessionId, allowed, ct)) : Task.CompletedTask;
    }

    /// <summary>Makes changes under the lock, publishes each touched session once; completes when its states are saved.</summary>
    internal Task Edit(Action<LiveEdit> change) => Run(edit =>
    {
        change(edit);
        return edit;
    }).SaveTask;

    /// <inheritdoc cref="Edit(Action{LiveEdit})"/>
    internal T Edit<T>(Func<LiveEdit, T> change)
    {
        var result = default(T)!;
        Run(edit =>
        {
            result = change(edit);
            return edit;
        });
        return result;
    }

    /// <summary>Applies what a peer changed, under the lock, publishing to this server's pages and hub clients only.</summary>
    internal void EditFromPeer(Action<LiveEdit> change) => Run(edit =>
    {
        change(edit);
        return edit;
    }, fromPeer: true);

    private LiveEdit Run(Func<LiveEdit, LiveEdit> change, bool fromPeer = false)
    {
        LiveEdit edit;
        lock (Gate)
        {
            edit = change(new LiveEdit(_sessions, _sessionOfMachine, time.GetUtcNow()) { FromPeer = fromPeer });
            Commit(edit);
        }

        edit.RunAfterCommit();
        foreach (var (session, machine) in edit.Evictions)
        {
            spotEvents.Raise(new Spot.SpotEvent(Spot.SpotEventKind.Evicted, session.Id, session.Name, session.Owner, machine.Id, machine.Name,
                machine.Size, machine.EvictionPolicy, edit.Now, EvictionNotes.For(machine)));
        }

        return edit;
    }

    /// <summary>Cloud ids of machines removed in the last minutes, which a stale listing must not bring back.</summary>
    internal IReadOnlySet<string> RecentlyRemoved()
    {
        lock (Gate)
        {
            var now = time.GetUtcNow();
            foreach (var old in _forgotten.Where(f => now - f.Value > ForgetFor).Select(f => f.Key).ToList())
                _forgotten.Remove(old);
            return _forgotten.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        }
    }

    /// <summary>Shows the cloud's health (the database's and the queue's parts are kept as they are), here and on peers.</summary>
    internal void ReportHealth(CloudHealth health, bool fromPeer = false)
    {
        Publish(current => health with
        {
            DatabaseError = current.DatabaseError, DatabaseFailingSince = current.DatabaseFailingSince,
            QueueError = current.QueueError, QueueFailingSince = current.QueueFailingSince,
        });
        if (!fromPeer)
            peers.Post(new Scaling.PeerMessage(peers.Origin, Scaling.PeerMessageKind.Health) { Health = health });
    }

    /// <summary>The whole live picture for a peer that just started (under the lock, so no change slips in between).</summary>
    internal void PostSnapshot(string requester)
    {
        lock (Gate)
            peers.Post(Scaling.PeerDeltas.Snapshot(peers.Origin, requester, _sessions.Values, _health));
    }

    /// <summary>Shows whether the Resource Health queue can be read; null when it can.</summary>
    internal void ReportQueueHealth(string? error) =>
        Publish(current => current.QueueError == error ? current : current with
        {
            QueueError = error, QueueFailingSince = error is null ? null : current.QueueFailingSince ?? time.GetUtcNow(),
        });

    private void ShowDatabaseHealth() =>
        Publish(current => current with { DatabaseError = database.Error, DatabaseFailingSince = database.FailingSince });

    private void Publish(Func<CloudHealth, CloudHealth> change)
    {
        lock (Gate)
        {
            var health = change(_health);
            // Only becoming stale, fresh again or a new database problem is news; a routine successful poll is not.
            var changed = _health != health && (health.IsStale || _health.IsStale || health.DatabaseError != _health.DatabaseError
                || health.QueueError != _health.QueueError);
            _health = health;
            if (!changed)
                return;
            foreach (var subscriber in _subscribers)
                subscriber.Post(health);
        }
    }

    // Called under Gate, so every subscriber sees changes in the same order.
    private void Commit(LiveEdit edit)
    {
        foreach (var (cloudId, at) in edit.ForgottenCloudIds)
            _forgotten[cloudId] = at;
        var before = _sessions;
        _sessions = edit.Result;
        // Peers hear of it in the same order as this server's own subscribers.
        if (peers.Enabled && !edit.FromPeer && Scaling.PeerDeltas.From(peers.Origin, before, edit.Changes, edit.Ended) is { } message)
            peers.Post(message);
        // Queue the write before anyone hears of the change: a subscriber that flushes then reads finds it saved.
        if (edit.HasStateWrites)
            edit.SaveTask = writer.EnqueueAsync(edit.SaveStatesAsync(store));
        foreach (var change in edit.Changes)
        {
            foreach (var subscriber in _subscribers)
                subscriber.Post(change);
        }
    }

    private void Unsubscribe(SessionSubscription subscription)
    {
        lock (Gate)
            _subscribers.Remove(subscription);
    }

    [LoggerMessage(LogLevel.Error, "Loading the sessions failed; trying again while the pages show the problem")]
    private partial void LogLoadFailed(Exception exception);

    private static List<SessionView> Ordered(IEnumerable<SessionView> sessions) =>
        sessions.OrderBy(s => s.CreatedAt).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
}
