using Dashboard.Core.Actions;
using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Components.Sessions;
using Dashboard.Setup;
using MudBlazor;

namespace Dashboard.Components;

/// <summary>
/// Runs commands for one browser circuit: remembers which are in flight (so their buttons stay disabled),
/// shows progress and the outcome as snackbars, and names the person who asked.
/// </summary>
public sealed class CommandRunner(MachineCommands commands, ISnackbar snackbar, IDialogService dialogs, ViewerAccessor viewers)
{
    private readonly HashSet<Guid> _running = [];

    /// <summary>Raised with the machine or session id when its command starts or ends, so only its buttons re-render.</summary>
    public event Action<Guid>? Changed;

    public bool IsRunning(Guid machineOrSessionId)
    {
        lock (_running)
            return _running.Contains(machineOrSessionId);
    }

    public async Task<ActionResult> RunAsync(MachineView machine, MachineAction action)
    {
        var progress = action == MachineAction.Connect ? null : snackbar.Add($"{action} {machine.Name}…", Severity.Info);
        var result = await TrackAsync(machine.Id, async actor => await commands.RunAsync(machine.Id, action, actor));
        if (progress is not null)
            snackbar.Remove(progress);
        if (action != MachineAction.Connect || !result.Succeeded)
            snackbar.Add(result.Message, SeverityOf(result.Outcome));
        return result;
    }

    /// <summary>Asks first, naming what happens to the disks, wherever the button sits.</summary>
    public async Task SimulateEvictionAsync(MachineView machine)
    {
        if (!await dialogs.ConfirmEvictionAsync(machine))
            return;
        var result = await TrackAsync(machine.Id, actor => commands.SimulateEvictionAsync(machine.Id, actor));
        snackbar.Add(result.Message, SeverityOf(result.Outcome));
    }

    /// <summary>Restore, reimage or a copy from a snapshot: progress and outcome as snackbars, the machine held meanwhile.</summary>
    public async Task<ActionResult> RunDiskCommandAsync(MachineView machine, string progressText, Func<MachineCommands, Viewer, Task<ActionResult>> run)
    {
        var progress = snackbar.Add(progressText, Severity.Info);
        var result = await TrackAsync(machine.Id, actor => run(commands, actor));
        if (progress is not null)
            snackbar.Remove(progress);
        snackbar.Add(result.Message, SeverityOf(result.Outcome), o => o.RequireInteraction = !result.Succeeded);
        return result;
    }

    public async Task<BatchResult?> RunBatchAsync(SessionView session, BatchAction batch)
    {
        var label = ActionRules.LabelOf(batch);
        var progress = snackbar.Add($"{label} on {session.Name}…", Severity.Info);
        try
        {
            var result = await TrackAsync(session.Id, actor => commands.RunBatchAsync(session.Id, batch, actor));
            if (progress is not null)
                snackbar.Remove(progress);
            var ok = result.Failed.Count == 0 && result.Refused is null;
            snackbar.Add($"{label} on {session.Name}: {result.Summary}", ok ? Severity.Success : Severity.Error,
                o => o.RequireInteraction = !ok);
            return result;
        }
        catch (InvalidOperationException ex)
        {
            snackbar.Add(ex.Message, Severity.Error);
            return null;
        }
    }

    private async Task<T> TrackAsync<T>(Guid id, Func<Viewer, Task<T>> run)
    {
        var actor = await viewers.GetAsync();
        lock (_running)
            _running.Add(id);
        Changed?.Invoke(id);
        try
        {
            // Core work runs off the circuit's dispatcher, so rendering never delays a command (or the other way round).
            return await Task.Run(() => run(actor));
        }
        finally
        {
            lock (_running)
                _running.Remove(id);
            Changed?.Invoke(id);
        }
    }

    private static Severity SeverityOf(ActionOutcome outcome) => outcome switch
    {
        ActionOutcome.Succeeded => Severity.Success,
        ActionOutcome.Refused => Severity.Warning,
        _ => Severity.Error,
    };
}
