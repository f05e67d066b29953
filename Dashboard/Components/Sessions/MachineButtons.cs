using Dashboard.Core.Domain;
using Dashboard.Core.People;
using MudBlazor;

namespace Dashboard.Components.Sessions;

/// <summary>One per-machine button: its action, icon and what it does.</summary>
public sealed record ActionButton(MachineAction Action, string Icon, string Help);

/// <summary>
/// Which per-machine buttons a person sees, whether each is enabled and what its title says: shared by the grid rows
/// and the machine page, so both follow the same rules (the server checks them again on every command).
/// </summary>
public static class MachineButtons
{
    public const string RunningHere = "Wait: a command is running on this machine.";
    public const string EvictionHelp = "Rehearse a Spot eviction: the cloud reclaims this machine per its policy.";
    public const string EvictionOnlyRunning = "Only a running Spot machine can be evicted.";

    public static IReadOnlyList<ActionButton> All { get; } =
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

    public static string EvictionIcon => Icons.Material.Filled.ElectricBolt;

    /// <summary>The buttons shown for this machine: Retry only after a failed creation, and nothing this person may never do.</summary>
    public static IEnumerable<ActionButton> For(Viewer viewer, SessionView session, MachineView machine) =>
        All.Where(b => (b.Action != MachineAction.Retry || machine.State == MachineState.Failed) && MayEver(viewer, session, machine, b.Action));

    /// <summary>Buttons for actions this person may never take are left out rather than shown disabled (ops see them, read-only).</summary>
    public static bool MayEver(Viewer viewer, SessionView session, MachineView machine, MachineAction action) =>
        AccessPolicy.CanRun(viewer, session, machine, action).Allowed || viewer.IsOps;

    /// <summary>Allowed for this person first, then valid in this state; an operation in flight (anyone's) refuses all but Connect.</summary>
    public static ActionAvailability Check(Viewer viewer, SessionView session, MachineView machine, MachineAction action)
    {
        var access = AccessPolicy.CanRun(viewer, session, machine, action);
        return access.Allowed ? ActionRules.Check(machine, action) : access;
    }

    /// <summary>
    /// Enabled or not, and the title that says what it does or why not. <paramref name="runningHere"/> is this browser's
    /// own command, which disables the buttons before the live picture shows the operation.
    /// </summary>
    public static (bool Enabled, string Title) StateOf(ActionButton button, ActionAvailability check, bool runningHere) =>
        runningHere && button.Action != MachineAction.Connect ? (false, RunningHere)
        : check.Allowed ? (true, button.Help)
        : (false, check.Reason ?? "Not possible now.");

    public static bool ShowsEviction(Viewer viewer, MachineView machine) =>
        machine.IsSpot && AccessPolicy.CanSimulateEviction(viewer).Allowed;

    public static (bool Enabled, string Title) EvictionStateOf(MachineView machine, bool runningHere) =>
        runningHere ? (false, RunningHere)
        : machine.Operation is { } operation ? (false, $"Wait: {operation.Describe()}")
        : machine.State != MachineState.Running ? (false, EvictionOnlyRunning)
        : (true, EvictionHelp);
}
