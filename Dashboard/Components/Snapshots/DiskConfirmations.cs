using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;

namespace Dashboard.Components.Snapshots;

/// <summary>What restore, reimage and a copy from a snapshot do, said before they run.</summary>
public static class DiskConfirmations
{
    public static string RestoreTextOf(MachineView machine, CloudSnapshot snapshot)
    {
        var first = machine.State is MachineState.Running or MachineState.Stopped
            ? $"{machine.Name} is stopped and deallocated first. "
            : "";
        return $"Restore {machine.Name} from snapshot {snapshot.Name}? {first}Its OS disk is replaced by a copy of the snapshot: "
            + "everything on the current OS disk is lost, and that disk is deleted (a disk the dashboard did not create is kept, detached).";
    }

    public static string ReimageTextOf(MachineView machine) =>
        $"Reimage {machine.Name}? Its OS disk is replaced by a fresh one from {machine.Image}: everything on it is lost"
        + (machine.State == MachineState.Running ? ", and it restarts." : ".");

    public static string CopyTextOf(SessionView session, MachineView machine, CloudSnapshot snapshot) =>
        $"Create a new machine in {session.Name} from snapshot {snapshot.Name} of {machine.Name}? It gets the size {machine.Size}, "
        + $"boots from a copy of that disk, and joins the session as one more {DisplayText.Of(machine.Role)}. {machine.Name} is not changed.";
}
