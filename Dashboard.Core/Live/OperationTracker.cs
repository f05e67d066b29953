using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Live;

/// <summary>What the dashboard asks of one machine: the operation's name and the states it shows and leads to.</summary>
/// <param name="Transitional">Shown at once, before the cloud has even been asked.</param>
/// <param name="Expected">The state the listing shows when the operation is done; null when its caller ends it.</param>
public sealed record OperationRequest(Guid MachineId, string Name, MachineState? Transitional, MachineState? Expected);

/// <summary>How an operation ended.</summary>
public sealed record OperationOutcome(bool Succeeded, string? Error)
{
    public static OperationOutcome Success { get; } = new(true, null);
    public static OperationOutcome Failure(string error) => new(false, error);
}

/// <summary>
/// The one truth for "busy": every operation in flight is on its machine's live picture (what, who, since when),
/// so every page and hub client disables the same buttons. Operations that the listing can show end when the poller
/// sees their end state, or fail when it shows something else or their time runs out.
/// </summary>
public sealed partial class OperationTracker(SessionMonitor live, OperationJournal journal, Scaling.IOperationClaims claims,
    IOptions<MonitorOptions> options)
{
    // Operations this server started, and (mirrored) those its peers started, which it judges when it polls.
    private readonly Dictionary<Guid, InFlight> _inFlight = [];

    private sealed record InFlight(TrackedOperation Tracked, TaskCompletionSource<OperationOutcome> Done, bool Mirrored);

    /// <summary>Raised after operations begin, so the poller can switch to its faster pace.</summary>
    public event Action? Began;

    private TimeSpan Timeout => TimeSpan.FromSeconds(options.Value.OperationTimeoutSeconds ?? 900);

    public bool HasInFlight
    {
        get
        {
            lock (live.Gate)
                return _inFlight.Count > 0;
        }
    }

    /// <summary>How many operations are in flight now (the operations gauge).</summary>
    /// <summary>Operations this server started and has not seen end (a peer's, mirrored here, count on their own server).</summary>
    public int InFlightCount
    {
        get
        {
            lock (live.Gate)
                return _inFlight.Values.Count(e => !e.Mirrored);
        }
    }

    /// <summary>
    /// Claims every free machine of <paramref name="requests"/> (on every server: see <see cref="Scaling.IOperationClaims"/>)
    /// in one change (one publish per session) and returns the claimed machines as they were before; a machine that is
    /// gone or already busy, here or on another server, is left out.
    /// </summary>
    public async Task<IReadOnlyList<MachineView>> BeginAsync(IReadOnlyList<OperationRequest> requests, string actor,
        BatchInFlight? batch = null, Guid? batchSession = null)
    {
        var free = requests.Where(r => !live.IsBusy(r.MachineId)).ToList();
        var ids = free.ToDictionary(r => r.MachineId, _ => Guid.NewGuid());
        var won = await claims.ClaimAsync(ids, Timeout + TimeSpan.FromMinutes(1));
        var claimed = Begin([.. free.Where(r => won.Contains(r.MachineId))], actor, batch, batchSession, ids);
        // Busy here after all (it changed while Redis answered): give the claim back.
        foreach (var lost in won.Except(claimed.Select(m => m.Id)))
            claims.Release(lost, ids[lost]);
        return claimed;
    }

    /// <summary>Why claims cannot be made at all just now (Redis does not answer); null when they can.</summary>
    public string? ClaimProblem => claims.Problem;

    /// <summary>Why a command found no free machine: busy, or the claims cannot be made at all.</summary>
    public string RefusalFor(string machineName) =>
        claims.Problem ?? $"Another command is still running on {machineName}.";

    /// <summary>Claims on this server only: for operations a restart resumes, before any peer can act on them.</summary>
    internal IReadOnlyList<MachineView> Begin(IReadOnlyList<OperationRequest> requests, string actor, BatchInFlight? batch = null,
        Guid? batchSession = null, IReadOnlyDictionary<Guid, Guid>? operationIds = null)
    {
        var claimed = live.Edit(edit =>
        {
            var list = new List<MachineView>();
            foreach (var request in requests)
            {
                if (edit.Machine(request.MachineId) is not { Operation: null } machine)
                    continue;
                list.Add(machine);
                Track(edit, machine, request, actor, operationIds?.GetValueOrDefault(request.MachineId));
            }

            if (batch is not null && batchSession is { } sessionId && list.Count > 0 && edit.Session(sessionId) is { } session)
                edit.PutSession(session with { Batch = batch });
            return list;
        });
        if (claimed.Count > 0)
            Began?.Invoke();
        return claimed;
    }

    /// <summary>
    /// Adds a new session whose every machine is already claimed by its Create operation; completes when the session
    /// and the intent to create each machine are saved.
    /// </summary>
    public Task AddCreatingAsync(SessionView session, string actor)
    {
        var intent = journal.RecordIntentAsync(session.Machines, session.Name, "Create", actor, batchId: null);
        var saved = live.Edit(edit =>
        {
            edit.AddSession(session);
            foreach (var machine in session.Machines)
                Track(edit, machine, new OperationRequest(machine.Id, "Create", null, MachineState.Running), actor);
        });
        Began?.Invoke();
        return Task.WhenAll(saved, intent);
    }

    /// <summary>
    /// Adds a machine to a live session, already claimed by its Create operation (a copy made from a snapshot); completes
    /// when the intent to create it is saved. The machine's row must be saved before.
    /// </summary>
    public Task AddCreatingAsync(SessionView session, MachineView machine, string actor)
    {
        var intent = journal.RecordIntentAsync([machine], session.Name, "Create", actor, batchId: null);
        var saved = live.Edit(edit =>
        {
            edit.Put(machine);
            Track(edit, machine, new OperationRequest(machine.Id, "Create", null, MachineState.Running), actor);
        });
        Began?.Invoke();
        return Task.WhenAll(saved, intent);
    }

    /// <summary>
    /// Shows the next step of a command that runs in steps (restore: stopping, deallocated, updating, starting), in
    /// every browser, while the operation keeps the machine.
    /// </summary>
    public Task ShowStepAsync(Guid machineId, MachineState state) => live.Edit(edit =>
    {
        if (edit.Machine(machineId) is { Operation: not null })
            edit.ApplyState(new StateUpdate(machineId, state, StateChangeCause.Action));
    });

    /// <summary>The cloud accepted the request: the operation is no longer waiting for its turn.</summary>
    public void MarkSent(Guid machineId)
    {
        journal.Sent(machineId);
        live.Edit(edit =>
        {
            if (edit.Machine(machineId) is { Operation: { Sent: false } operation } machine)
                edit.Put(machine with { Operation = operation with { Sent = true } });
        });
    }

    /// <summary>Completes when the operation on this machine ends (at once if none is in flight).</summary>
    public Task<OperationOutcome> WhenDoneAsync(Guid machineId)
    {
        lock (live.Gate)
            return _inFlight.TryGetValue(machineId, out var entry) ? entry.Done.Task : Task.FromResult(OperationOutcome.Success);
    }

    /// <summary>Ends an operation: shows its final state (if any) and releases the machine in the same change.</summary>
    public Task EndAsync(Guid machineId, StateUpdate? final, OperationOutcome outcome) =>
        live.Edit(edit => End(edit, machineId, final, outcome));

    /// <summary>Clears a session's batch marker once all its machines are done.</summary>
    public Task EndBatchAsync(Guid sessionId) => live.Edit(edit =>
    {
        if (edit.Session(sessionId) is { Batch: not null } session)
            edit.PutSession(session with { Batch = null });
    });

    /// <summary>The operation in flight on this machine, for the poller (under the store's lock).</summary>
    internal TrackedOperation? Find(Guid machineId) => _inFlight.TryGetValue(machineId, out var entry) ? entry.Tracked : null;

    /// <summary>Applies what the listing says about one machine's operation (poller, under the store's lock).</summary>
    internal void Reconcile(LiveEdit edit, MachineView machine, CloudMachineStatus? status, TrackedOperation tracked)
    {
        var verdict = StateReconciler.Judge(machine, status, tracked);
        switch (verdict.Kind)
        {
            case VerdictKind.Show:
                edit.ApplyState(new StateUpdate(machine.Id, verdict.State, StateChangeCause.Action));
                break;
            case VerdictKind.Done:
                End(edit, machine.Id, new StateUpdate(machine.Id, verdict.State, StateChangeCause.Action), OperationOutcome.Success);
                break;
            case VerdictKind.Failed:
                var error = verdict.Error ?? $"{tracked.Operation.Name} of {machine.Name} was overtaken by an eviction.";
                End(edit, machine.Id, new StateUpdate(machine.Id, verdict.State, verdict.Cause, verdict.Error), OperationOutcome.Failure(error));
                break;
        }
    }

    /// <summary>Fails every listing-completed operation whose time ran out (poller, under the store's lock).</summary>
    internal void ExpireOverdue(LiveEdit edit)
    {
        // A peer's operation that its caller ends is expired here too: its server may have died with it.
        foreach (var (machineId, tracked) in _inFlight.Where(e => (e.Value.Tracked.CompletesByListing || e.Value.Mirrored) && edit.Now > e.Value.Tracked.Deadline)
                     .Select(e => (e.Key, e.Value.Tracked)).ToList())
        {
            if (edit.Machine(machineId) is not { } machine)
                continue;
            var state = tracked.Operation.Name is "Create" or "Retry" && !tracked.SeenUnderWay ? MachineState.Failed : machine.State;
            var error = $"{tracked.Operation.Name} of {machine.Name} did not finish within {DisplayText.Duration(Timeout)}; "
                + $"the cloud still shows it {DisplayText.Of(machine.State)}.";
            End(edit, machineId, new StateUpdate(machineId, state, StateChangeCause.Action, error), OperationOutcome.Failure(error));
        }
    }

    // Called under the store's lock.
    private void Track(LiveEdit edit, MachineView machine, OperationRequest request, string actor, Guid? operationId = null)
    {
        var deadline = edit.Now + Timeout;
        var operation = new MachineOperation(request.Name, actor, edit.Now, machine.State)
        {
            Id = operationId ?? Guid.NewGuid(), Expected = request.Expected, Deadline = deadline,
        };
        var tracked = new TrackedOperation(operation, request.Expected, deadline);
        _inFlight[machine.Id] = new InFlight(tracked, NewDone(), Mirrored: false);
        edit.Put(machine with { Operation = operation });
        if (request.Transitional is { } transitional)
            edit.ApplyState(new StateUpdate(machine.Id, transitional, StateChangeCause.Action));
    }

    // Called under the store's lock: final state first, release second, in one change, so no poll in between judges
    // the transitional state without its operation.
    private void End(LiveEdit edit, Guid machineId, StateUpdate? final, OperationOutcome outcome)
    {
        if (final is not null)
            edit.ApplyState(final, keepOperation: false);
        if (edit.Machine(machineId) is { Operation: not null } machine)
            edit.Put(machine with { Operation = null });
        if (_inFlight.Remove(machineId, out var entry))
        {
            journal.Ended(machineId, outcome);
            var id = entry.Tracked.Operation.Id;
            edit.Ended.Add(new Scaling.EndedOperation(machineId, id, outcome.Succeeded, outcome.Error));
            claims.Release(machineId, id);
            edit.AfterCommit(() => entry.Done.TrySetResult(outcome));
        }
    }

    private static TaskCompletionSource<OperationOutcome> NewDone() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
