using Dashboard.Components.Sessions;
using Dashboard.Core.Actions;
using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Components.Snapshots;

/// <summary>
/// Lists the machine's snapshots (again whenever an operation on it ends: a snapshot taken, a restore done) and runs
/// restore, reimage and copies after a confirmation; the commands check everything again on the server.
/// </summary>
public sealed partial class SnapshotPanel : IDisposable
{
    private IReadOnlyList<CloudSnapshot> _snapshots = [];
    private string? _problem;
    private bool _loading;
    private Guid? _listedFor;
    private bool _wasBusy;

    [Parameter, EditorRequired] public required MachineView Machine { get; set; }
    [Parameter, EditorRequired] public required SessionView Session { get; set; }
    [Parameter, EditorRequired] public required Viewer Viewer { get; set; }

    [Inject] private MachineCommands Commands { get; set; } = default!;
    [Inject] private CommandRunner Runner { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    private bool ShowsReimage => Machine.Role == MachineRole.PoolMember && AccessPolicy.CanRun(Viewer, Session, Machine, MachineAction.Reimage).Allowed;

    private bool ShowsCopy => AccessPolicy.CanRun(Viewer, Session, Machine, MachineAction.CreateFromSnapshot).Allowed;

    protected override void OnInitialized() => Runner.Changed += OnRunnerChanged;

    public void Dispose() => Runner.Changed -= OnRunnerChanged;

    protected override async Task OnParametersSetAsync()
    {
        var operationEnded = _wasBusy && Machine.Operation is null;
        _wasBusy = Machine.Operation is not null;
        if (_listedFor != Machine.Id || operationEnded)
        {
            _listedFor = Machine.Id;
            await LoadAsync();
        }
    }

    private async Task LoadAsync()
    {
        _loading = true;
        var machineId = Machine.Id;
        var listing = await Task.Run(() => Commands.ListSnapshotsAsync(machineId, Viewer));
        (_snapshots, _problem, _loading) = (listing.Snapshots, listing.Problem, false);
    }

    private (bool Enabled, string Title) StateOf(MachineAction action, string help) =>
        MachineButtons.StateOf(new ActionButton(action, "", help), MachineButtons.Check(Viewer, Session, Machine, action), Runner.IsRunning(Machine.Id));

    private async Task RestoreAsync(CloudSnapshot snapshot)
    {
        var machine = Machine;
        var parameters = new DialogParameters<RestoreDialog> { { d => d.Machine, machine }, { d => d.Snapshot, snapshot } };
        var dialog = await Dialogs.ShowAsync<RestoreDialog>($"Restore {machine.Name}", parameters);
        if (await dialog.Result is not { Canceled: false, Data: bool startAfterwards })
            return;
        await Runner.RunDiskCommandAsync(machine, $"Restore {machine.Name} from {snapshot.Name}…",
            (commands, viewer) => commands.RestoreAsync(machine.Id, snapshot.Name, viewer, startAfterwards));
        await LoadAsync();
    }

    private async Task ReimageAsync()
    {
        var machine = Machine;
        if (await Dialogs.ShowMessageBoxAsync("Reimage machine", DiskConfirmations.ReimageTextOf(machine), yesText: "Reimage", cancelText: "Cancel") != true)
            return;
        await Runner.RunDiskCommandAsync(machine, $"Reimage {machine.Name}…", (commands, viewer) => commands.ReimageAsync(machine.Id, viewer));
    }

    private async Task CopyAsync(CloudSnapshot snapshot)
    {
        var (machine, session) = (Machine, Session);
        if (await Dialogs.ShowMessageBoxAsync("New machine from snapshot", DiskConfirmations.CopyTextOf(session, machine, snapshot),
                yesText: "Create machine", cancelText: "Cancel") != true)
            return;
        await Runner.RunDiskCommandAsync(machine, $"Creating a machine from {snapshot.Name}…",
            (commands, viewer) => commands.CreateFromSnapshotAsync(machine.Id, snapshot.Name, viewer));
    }

    private void OnRunnerChanged(Guid id)
    {
        if (id == Machine.Id)
            _ = InvokeAsync(StateHasChanged);
    }
}
