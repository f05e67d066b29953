using Dashboard.Core.Actions;
using Dashboard.Core.Domain;
using MudBlazor;

namespace Dashboard.Components.Sessions;

/// <summary>The dialogs around a machine command, the same wherever its button sits.</summary>
public static class MachineDialogs
{
    public static async Task<bool> ConfirmDeleteAsync(this IDialogService dialogs, MachineView machine)
    {
        var confirmed = await dialogs.ShowMessageBoxAsync(
            "Delete machine",
            $"Delete {machine.Name}? The machine and its OS disk are deleted; this cannot be undone.",
            yesText: "Delete", cancelText: "Cancel");
        return confirmed == true;
    }

    public static Task ShowConnectAsync(this IDialogService dialogs, MachineView machine, ConnectionDetails connection)
    {
        var parameters = new DialogParameters<ConnectDialog>
        {
            { d => d.Machine, machine },
            { d => d.Connection, connection },
        };
        return dialogs.ShowAsync<ConnectDialog>($"Connect to {machine.Name}", parameters);
    }

    /// <summary>Runs a button's command: Delete asks first, Connect shows how to connect when it is allowed.</summary>
    public static async Task RunWithDialogsAsync(this IDialogService dialogs, CommandRunner runner, MachineView machine, MachineAction action)
    {
        if (action == MachineAction.Delete && !await dialogs.ConfirmDeleteAsync(machine))
            return;

        var result = await runner.RunAsync(machine, action);
        if (action == MachineAction.Connect && result.Connection is { } connection)
            await dialogs.ShowConnectAsync(machine, connection);
    }
}
