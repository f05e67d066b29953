using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Core.Sessions;

namespace Dashboard.Core.Actions;

/// <summary>A machine's snapshots, or why they cannot be shown.</summary>
public sealed record SnapshotListing(IReadOnlyList<CloudSnapshot> Snapshots, string? Problem = null)
{
    public static SnapshotListing Refused(string reason) => new([], reason);
}

// Restore, reimage and copies made from snapshots: checked, held, recorded and audited like every other command.
// Restore and reimage run in steps, each shown in every browser; a copy joins its session as a new machine.
public sealed partial class MachineCommands
{
    // One copy at a time is named and recorded, so two copies never pick the same name.
    private readonly SemaphoreSlim _naming = new(1, 1);

    public async Task<SnapshotListing> ListSnapshotsAsync(Guid machineId, Viewer viewer, CancellationToken cancellationToken = default)
    {
        if (monitor.FindMachine(machineId) is not { } machine || monitor.FindSession(machine.SessionId) is not { } session)
            return SnapshotListing.Refused("That machine no longer exists.");
        if (AccessPolicy.CanSeeSnapshots(viewer, session, machine) is { Allowed: false } refused)
            return SnapshotListing.Refused(refused.Reason!);
        if (machine.CloudId is null)
            return SnapshotListing.Refused($"{machine.Name} is not in the cloud.");
        try
        {
            return new SnapshotListing(await cloud.ListSnapshotsAsync(machine.CloudId, cancellationToken));
        }
        catch (CloudOperationException ex)
        {
            return SnapshotListing.Refused(ex.Message);
        }
    }

    /// <summary>
    /// Replaces the OS disk with a copy of the snapshot: a running machine is deallocated first (stopping, deallocated),
    /// the disk is copied and swapped in (updating), and a machine that was running starts again (starting) unless
    /// <paramref name="startAfterwards"/> says not to.
    /// </summary>
    public async Task<ActionResult> RestoreAsync(Guid machineId, string snapshotName, Viewer viewer, bool startAfterwards = true)
    {
        var detail = $"From snapshot {snapshotName}.";
        var claim = await ClaimAsync(machineId, MachineAction.Restore, viewer, snapshotName,
            m => NeedsDeallocating(m) ? MachineState.Stopping : MachineState.Updating);
        if (claim.Refusal is { } refusal)
            return refusal;
        var (session, machine) = (claim.Session!, claim.Machine!);
        var (id, actor) = (machine.CloudId!, viewer.Name);
        var restart = startAfterwards && machine.State == MachineState.Running;
        await LogAsync(session, machine, AuditAction.Restore, actor, ActionOutcome.Started, detail);

        // Where the machine is known to be, shown again if a later step fails.
        var reached = machine.State;
        RestoredDisk? restored = null;
        string? error;
        try
        {
            if (NeedsDeallocating(machine))
            {
                await cloud.DeallocateAndWaitAsync(id, CancellationToken.None);
                operations.MarkSent(machine.Id);
                reached = MachineState.Deallocated;
                await operations.ShowStepAsync(machine.Id, MachineState.Deallocated);
            }

            await operations.ShowStepAsync(machine.Id, MachineState.Updating);
            restored = await cloud.RestoreOsDiskAsync(id, snapshotName, CancellationToken.None);
            if (!NeedsDeallocating(machine))
                operations.MarkSent(machine.Id);
            reached = MachineState.Deallocated;
            if (restart)
            {
                await operations.ShowStepAsync(machine.Id, MachineState.Starting);
                await cloud.StartAndWaitAsync(id, CancellationToken.None);
                reached = MachineState.Running;
            }

            error = null;
        }
        catch (CloudOperationException ex)
        {
            LogCommandFailed(MachineAction.Restore, machine.Name, ex.Code, ex.Message);
            error = restored is null
                ? ex.Message
                : $"the OS disk was replaced from {snapshotName} ({restored.Describe()}), but starting {machine.Name} again failed: {ex.Message}";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCommandCrashed(ex, MachineAction.Restore, machine.Name);
            error = restored is null
                ? "An unexpected error stopped the restore; it is in the server log."
                : $"the OS disk was replaced from {snapshotName}, but an unexpected error stopped the restart; it is in the server log.";
        }

        if (error is null)
        {
            var then = reached == MachineState.Running ? $"{machine.Name} is running again." : $"{machine.Name} is deallocated: start it when it is needed.";
            return await SucceedAsync(session, machine, AuditAction.Restore, actor, reached,
                $"{machine.Name} restored from snapshot {snapshotName}: {restored!.Describe()} {then}", detail);
        }

        return await FailAsync(session, machine, AuditAction.Restore, actor, reached, $"Restore {machine.Name} failed: {error}");
    }

    /// <summary>Gives a pool member a fresh OS disk from its formation's image (updating; a running one then starts again).</summary>
    public async Task<ActionResult> ReimageAsync(Guid machineId, Viewer viewer)
    {
        var claim = await ClaimAsync(machineId, MachineAction.Reimage, viewer, snapshotName: null, _ => MachineState.Updating);
        if (claim.Refusal is { } refusal)
            return refusal;
        var (session, machine) = (claim.Session!, claim.Machine!);
        var actor = viewer.Name;
        await LogAsync(session, machine, AuditAction.Reimage, actor, ActionOutcome.Started, null);
        try
        {
            await cloud.ReimageAsync(machine.CloudId!, CancellationToken.None);
            operations.MarkSent(machine.Id);
        }
        catch (CloudOperationException ex)
        {
            LogCommandFailed(MachineAction.Reimage, machine.Name, ex.Code, ex.Message);
            return await FailAsync(session, machine, AuditAction.Reimage, actor, machine.State, $"Reimage {machine.Name} failed: {ex.Message}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCommandCrashed(ex, MachineAction.Reimage, machine.Name);
            return await FailAsync(session, machine, AuditAction.Reimage, actor, machine.State,
                $"Reimage {machine.Name} failed: an unexpected error stopped it; it is in the server log.");
        }

        var state = await SettledStateAsync(machine);
        return await SucceedAsync(session, machine, AuditAction.Reimage, actor, state,
            $"{machine.Name} reimaged: its OS disk is fresh from {machine.Image}, and everything that was on it is gone.", null);
    }

    /// <summary>
    /// Adds a machine to the session like <paramref name="sourceId"/> (same role, size, image), whose OS disk is a copy
    /// of the snapshot. It shows as creating at once, then running, as any machine the session made; when the cloud
    /// refuses it before making anything, it leaves the session again.
    /// </summary>
    public async Task<ActionResult> CreateFromSnapshotAsync(Guid sourceId, string snapshotName, Viewer viewer)
    {
        if (monitor.FindMachine(sourceId) is not { } source || monitor.FindSession(source.SessionId) is not { } session)
            return new ActionResult(ActionOutcome.Failed, "That machine no longer exists.") { Denial = ActionDenial.NotFound };
        var actor = viewer.Name;
        const AuditAction name = AuditAction.CreateFromSnapshot;
        if (AccessPolicy.CanRun(viewer, session, source, MachineAction.CreateFromSnapshot) is { Allowed: false } refused)
            return await RefuseAsync(session, source, name, actor, refused.Reason!, ActionDenial.NotAllowed);
        if (string.IsNullOrWhiteSpace(snapshotName))
            return await RefuseAsync(session, source, name, actor, "Choose a snapshot to copy.");
        if (ActionRules.Check(source, MachineAction.CreateFromSnapshot) is { Allowed: false } invalid)
            return await RefuseAsync(session, source, name, actor, invalid.Reason!);

        MachineView copy;
        await _naming.WaitAsync();
        try
        {
            var machine = await FreeCopyAsync(session, source);
            if (machine is null)
                return await RefuseAsync(session, source, name, actor, $"No free name for another {DisplayText.Of(source.Role)} in {session.Name}.");
            copy = MachineView.From(machine);
            try
            {
                await store.AddMachineAsync(machine, CancellationToken.None).WaitAsync(IntentWait, time);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogIntentNotRecorded(ex, nameof(MachineAction.CreateFromSnapshot), 1);
                return new ActionResult(ActionOutcome.Failed, $"{copy.Name} was not created: the database could not record it, so nothing was asked of the cloud.");
            }

            await operations.AddCreatingAsync(session, copy, actor);
        }
        finally
        {
            _naming.Release();
        }

        var detail = $"From snapshot {snapshotName} of {source.Name}.";
        await LogAsync(session, copy, name, actor, ActionOutcome.Started, detail);
        OperationOutcome outcome;
        try
        {
            await cloud.CreateFromSnapshotAsync(SessionPlanner.SpecOf(session, copy), snapshotName, CancellationToken.None);
            operations.MarkSent(copy.Id);
            outcome = await operations.WhenDoneAsync(copy.Id);
        }
        catch (CloudOperationException ex)
        {
            // The cloud made nothing (or removed what it made): the copy leaves the session, with the reason in the audit.
            LogCommandFailed(MachineAction.CreateFromSnapshot, copy.Name, ex.Code, ex.Message);
            outcome = OperationOutcome.Failure(ex.Message);
            await operations.EndAsync(copy.Id, new StateUpdate(copy.Id, MachineState.Deleted, StateChangeCause.Action, ex.Message), outcome);
        }

        await LogAsync(session, copy, name, actor, outcome.Succeeded ? ActionOutcome.Succeeded : ActionOutcome.Failed, outcome.Error ?? detail);
        return outcome.Succeeded
            ? new ActionResult(ActionOutcome.Succeeded, $"{copy.Name} created in {session.Name} from snapshot {snapshotName} of {source.Name}: it is running.")
            : new ActionResult(ActionOutcome.Failed, $"Creating a machine from snapshot {snapshotName} failed: {outcome.Error}");
    }

    private static bool NeedsDeallocating(MachineView machine) => machine.State is MachineState.Running or MachineState.Stopped;

    private sealed record Claim(SessionView? Session, MachineView? Machine, ActionResult? Refusal);

    // The same gate as every command: the person, the state rules, the machine's lock, the journal's intent.
    private async Task<Claim> ClaimAsync(Guid machineId, MachineAction action, Viewer viewer, string? snapshotName,
        Func<MachineView, MachineState> transitional)
    {
        if (monitor.FindMachine(machineId) is not { } machine || monitor.FindSession(machine.SessionId) is not { } session)
            return new Claim(null, null, new ActionResult(ActionOutcome.Failed, "That machine no longer exists.") { Denial = ActionDenial.NotFound });
        var (audited, actor) = (AuditActions.Of(action), viewer.Name);
        if (AccessPolicy.CanRun(viewer, session, machine, action) is { Allowed: false } refused)
            return new Claim(null, null, await RefuseAsync(session, machine, audited, actor, refused.Reason!, ActionDenial.NotAllowed));
        if (snapshotName is not null && string.IsNullOrWhiteSpace(snapshotName))
            return new Claim(null, null, await RefuseAsync(session, machine, audited, actor, "Choose a snapshot to restore."));
        if (ActionRules.Check(machine, action) is { Allowed: false } invalid)
            return new Claim(null, null, await RefuseAsync(session, machine, audited, actor, invalid.Reason!));

        // A snapshot that is gone is said before a running machine is stopped for nothing.
        if (snapshotName is not null && await SnapshotProblemAsync(machine, snapshotName) is { } problem)
            return new Claim(null, null, await RefuseAsync(session, machine, audited, actor, problem));

        var request = new OperationRequest(machine.Id, action.ToString(), transitional(machine), null);
        if (await operations.BeginAsync([request], actor) is not [var claimed])
            return new Claim(null, null, await RefuseAsync(session, machine, audited, actor, operations.RefusalFor(machine.Name)));
        if (!await RecordIntentAsync([claimed], session, action, actor, batchId: null))
            return new Claim(null, null, NotRecordedResult(claimed, action));
        return new Claim(session, claimed, null);
    }

    private async Task<string?> SnapshotProblemAsync(MachineView machine, string snapshotName)
    {
        try
        {
            var snapshots = await cloud.ListSnapshotsAsync(machine.CloudId!, CancellationToken.None);
            return snapshots.Any(s => s.Name == snapshotName)
                ? null
                : $"Snapshot {snapshotName} is not among the snapshots of {machine.Name} (any more); nothing was changed.";
        }
        catch (CloudOperationException ex)
        {
            return ex.Message;
        }
    }

    private async Task<ActionResult> SucceedAsync(SessionView session, MachineView machine, AuditAction action, string actor,
        MachineState final, string message, string? detail)
    {
        await operations.EndAsync(machine.Id, new StateUpdate(machine.Id, final, StateChangeCause.Action), OperationOutcome.Success);
        await LogAsync(session, machine, action, actor, ActionOutcome.Succeeded, detail);
        return new ActionResult(ActionOutcome.Succeeded, message);
    }

    // Shows the state the machine is known to be in, with the error; the next poll corrects it if the cloud moved on.
    private async Task<ActionResult> FailAsync(SessionView session, MachineView machine, AuditAction action, string actor,
        MachineState shown, string message)
    {
        await operations.EndAsync(machine.Id, new StateUpdate(machine.Id, shown, StateChangeCause.Action, message), OperationOutcome.Failure(message));
        await LogAsync(session, machine, action, actor, ActionOutcome.Failed, message);
        return new ActionResult(ActionOutcome.Failed, message);
    }

    // What the cloud says now (one read): a reimage leaves the machine as it found it, running or stopped.
    private async Task<MachineState> SettledStateAsync(MachineView machine)
    {
        try
        {
            return (await cloud.ReadAsync(machine.CloudId!, CancellationToken.None))?.State ?? machine.State;
        }
        catch (CloudOperationException)
        {
            return machine.State;
        }
    }

    private async Task<Machine?> FreeCopyAsync(SessionView session, MachineView source)
    {
        for (var skip = 0; skip < 20; skip++)
        {
            var candidate = SessionPlanner.CopyOf(session, source, time.GetUtcNow(), cloud, skip);
            if (session.Machines.All(m => m.Name != candidate.Name) && !await store.IsMachineNameTakenAsync(candidate.Name, CancellationToken.None))
                return candidate;
        }

        return null;
    }
}
