using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Components.Sessions;

/// <summary>The per-machine buttons: each enabled only when the rules allow it, with a tooltip saying why not.</summary>
public partial class MachineActions : IDisposable
{
    internal sealed record ActionButton(MachineAction Action, string Icon, string Help);

    internal static readonly IReadOnlyList<ActionButton> Actions =
    [
        new(MachineAction.Start, Icons.Material.Filled.PlayArrow, "Start the machine."),
        new(MachineAction.Stop, Icons.Material.Filled.Stop, "Stop and deallocate: compute billing stops."),
        new(MachineAction.Hibernate, Icons.Material.Filled.Bedtime, "Save memory to disk and deallocate."),
        new(MachineAction.Reboot, Icons.Material.Filled.RestartAlt, "Restart the operating system."),
        new(MachineAction.Snapshot, Icons.Material.Filled.PhotoCamera, "Snapshot the OS disk."),
        new(MachineAction.Delete, Icons.Material.Filled.DeleteForever, "Delete the machine and its disks."),
        new(MachineAction.Connect, Icons.Material.Filled.Terminal, "Show how to connect."),
        new(MachineAction.Retry, Icons.Material.Filled.Replay, "Create this machine again."),
    ];

    [Parameter, EditorRequired] public required MachineView Machine { get; set; }
    [CascadingParameter] private Viewer? Viewer { get; set; }
    [CascadingParameter] private SessionView? Session { get; set; }

    [Inject] private CommandRunner Runner { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    protected override void OnInitialized() => Runner.Changed += OnRunnerChanged;

    public void Dispose() => Runner.Changed -= OnRunnerChanged;

    private void OnRunnerChanged(Guid id)
    {
        if (id == Machine.Id)
            _ = InvokeAsync(StateHasChanged);
    }

    private async Task OnActionAsync(MachineAction action)
    {
        if (action == MachineAction.Delete && !await ConfirmDeleteAsync())
            return;

        var result = await Runner.RunAsync(Machine, action);
        if (action == MachineAction.Connect && result.Connection is { } connection)
        {
            var parameters = new DialogParameters<ConnectDialog>
            {
                { d => d.Machine, Machine },
                { d => d.Connection, connection },
            };
            await Dialogs.ShowAsync<ConnectDialog>($"Connect to {Machine.Name}", parameters);
        }
    }

    /// <summary>Buttons for actions this person may never take are left out rather than shown disabled.</summary>
    private bool MayEver(MachineAction action) =>
        Viewer is not null && Session is not null && (AccessPolicy.CanRun(Viewer, Session, Machine, action).Allowed || Viewer.IsOps);

    /// <summary>Allowed for this person first (the server checks again), then valid in this state.</summary>
    private ActionAvailability Check(MachineAction action)
    {
        if (Viewer is null || Session is null)
            return ActionAvailability.No("Sign in to act on machines.");
        var access = AccessPolicy.CanRun(Viewer, Session, Machine, action);
        return access.Allowed ? ActionRules.Check(Machine, action) : access;
    }

    private async Task<bool> ConfirmDeleteAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Delete machine",
            $"Delete {Machine.Name}? The machine and its OS disk are deleted; this cannot be undone.",
            yesText: "Delete", cancelText: "Cancel");
        return confirmed == true;
    }
}
