using Dashboard.Core.Domain;
using MudBlazor;

namespace Dashboard.Components.Sessions;

/// <summary>Before an eviction rehearsal: what the machine's policy does to it and to its disks.</summary>
public static class EvictionConfirmation
{
    public static string TextOf(MachineView machine) => machine.EvictionPolicy == EvictionPolicy.Delete
        ? $"Rehearse an eviction of {machine.Name}? Its policy is Delete: the VM and its disks are deleted. This cannot be undone."
        : $"Rehearse an eviction of {machine.Name}? Its policy is Deallocate: the machine is stopped and deallocated; its disks are kept and it can be started again.";

    public static string ConfirmTextOf(MachineView machine) =>
        machine.EvictionPolicy == EvictionPolicy.Delete ? "Evict and delete" : "Evict";

    public static async Task<bool> ConfirmEvictionAsync(this IDialogService dialogs, MachineView machine) =>
        await dialogs.ShowMessageBoxAsync("Rehearse eviction", TextOf(machine), yesText: ConfirmTextOf(machine), cancelText: "Cancel") == true;
}
