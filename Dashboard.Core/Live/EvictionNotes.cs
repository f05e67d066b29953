using Dashboard.Core.Domain;

namespace Dashboard.Core.Live;

/// <summary>What an eviction did to a machine, in words for its row.</summary>
public static class EvictionNotes
{
    public static string For(MachineView machine) =>
        machine.EvictionPolicy == EvictionPolicy.Delete
            ? "Spot capacity was reclaimed: the machine and its disks were deleted."
            : "Spot capacity was reclaimed: the machine was deallocated; its disks are kept and it can be started again.";
}
