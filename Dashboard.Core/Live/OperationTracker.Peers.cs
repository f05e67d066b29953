using Dashboard.Core.Domain;
using Dashboard.Core.Scaling;

namespace Dashboard.Core.Live;

/// <summary>
/// Changes other servers made, merged with the operations this server knows. Operations travel with their machine:
/// a peer's operation is mirrored here (so that whichever server polls can judge it, and another can take over when it
/// dies), and an operation ends only when its own end arrives, never because an older picture without it did.
/// </summary>
public sealed partial class OperationTracker
{
    internal void ApplyPeer(PeerMessage message) => live.EditFromPeer(edit =>
    {
        var ended = (message.Ended ?? []).GroupBy(e => e.MachineId).ToDictionary(g => g.Key, g => g.Last());
        foreach (var delta in message.Sessions ?? [])
            ApplyDelta(edit, delta, ended);
        foreach (var sessionId in message.RemovedSessions ?? [])
        {
            foreach (var machine in edit.Session(sessionId)?.Machines ?? [])
                Finish(edit, machine.Id, OperationOutcome.Failure($"{machine.Name} was removed."));
            edit.RemoveFromPeer(sessionId);
        }

        // Ends of operations whose machine did not travel with them.
        foreach (var end in ended.Values)
            FinishIfCurrent(edit, end);
    });

    private void ApplyDelta(LiveEdit edit, SessionDelta delta, Dictionary<Guid, EndedOperation> ended)
    {
        var local = edit.Session(delta.Session.Id);
        var whole = delta.Whole || local is null;
        var result = whole ? delta.Session with { Machines = [] } : delta.Session with { Machines = local!.Machines };
        foreach (var remote in delta.Session.Machines)
            result = result.WithMachine(Merge(edit, remote, ended));
        var gone = whole && local is not null
            ? local.Machines.Select(m => m.Id).Except(delta.Session.Machines.Select(m => m.Id)).ToList()
            : delta.RemovedMachines;
        foreach (var machineId in gone)
        {
            Finish(edit, machineId, OperationOutcome.Failure("The machine was removed."));
            result = result.WithoutMachine(machineId);
        }

        edit.ReplaceFromPeer(result);
    }

    private MachineView Merge(LiveEdit edit, MachineView remote, Dictionary<Guid, EndedOperation> ended)
    {
        if (ended.Remove(remote.Id, out var end))
            FinishIfCurrent(edit, end);
        if (!_inFlight.TryGetValue(remote.Id, out var entry))
        {
            if (remote.Operation is { } peerOperation && peerOperation.Id != end?.OperationId)
                Mirror(remote.Id, peerOperation, edit.Now);
            return remote;
        }

        var known = entry.Tracked.Operation.Id;
        if (remote.Operation?.Id == known)
            return remote;
        if (remote.Operation is { } other && entry.Mirrored)
        {
            // The peer's machine moved on to a newer operation than the one mirrored here.
            Mirror(remote.Id, other, edit.Now);
            return remote;
        }

        // An older picture, sent before its server heard of this operation: keep showing the operation.
        return remote with { Operation = edit.Machine(remote.Id)?.Operation ?? entry.Tracked.Operation };
    }

    private void Mirror(Guid machineId, MachineOperation operation, DateTimeOffset now)
    {
        var tracked = new TrackedOperation(operation, operation.Expected, operation.Deadline ?? now + Timeout);
        _inFlight[machineId] = new InFlight(tracked, NewDone(), Mirrored: true);
        Began?.Invoke();
    }

    private void FinishIfCurrent(LiveEdit edit, EndedOperation end)
    {
        if (_inFlight.TryGetValue(end.MachineId, out var entry) && entry.Tracked.Operation.Id == end.OperationId)
            Finish(edit, end.MachineId, end.Succeeded ? OperationOutcome.Success : OperationOutcome.Failure(end.Error ?? "The operation failed."));
    }

    // A peer ended it: answer this server's caller and close its record; the peer showed the final state and freed the claim.
    private void Finish(LiveEdit edit, Guid machineId, OperationOutcome outcome)
    {
        if (!_inFlight.Remove(machineId, out var entry))
            return;
        if (!entry.Mirrored)
            journal.Ended(machineId, outcome);
        edit.AfterCommit(() => entry.Done.TrySetResult(outcome));
    }
}
