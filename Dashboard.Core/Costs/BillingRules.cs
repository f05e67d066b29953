using Dashboard.Core.Domain;

namespace Dashboard.Core.Costs;

/// <summary>
/// What Azure bills in which state. Compute is billed while the VM holds hardware: from allocation during creation,
/// through starting, running and stopping, while it is stopped but still allocated (Azure's "Stopped", which a stop
/// from inside the guest leaves), and until a deallocation finishes. Creating counts as billed because Azure
/// allocates early in provisioning and a budget should rather run early than late. Deallocated, hibernated, evicted,
/// deleting, failed and unknown machines pay no compute. A managed OS disk is billed for as long as it exists: in
/// every state but a failed creation, a deletion and an eviction under the Delete policy (which deletes the disks).
/// </summary>
public static class BillingRules
{
    /// <summary>Azure prices disks per month of 730 hours; a disk that exists for part of it pays that share.</summary>
    public const decimal HoursPerMonth = 730m;

    public static bool BillsCompute(MachineState state) => state is
        MachineState.Creating or MachineState.Starting or MachineState.Running or
        MachineState.Stopping or MachineState.Stopped or MachineState.Deallocating;

    public static bool HasDisk(MachineState state, EvictionPolicy? policy) => state switch
    {
        MachineState.Deleting or MachineState.Deleted or MachineState.Failed or MachineState.Unknown => false,
        MachineState.Evicted => policy != EvictionPolicy.Delete,
        _ => true,
    };

    /// <summary>Windows images carry the licence in their hourly price; the image's name tells, as it does for Connect.</summary>
    public static PricedOs OsOf(string image) =>
        image.Contains("windows", StringComparison.OrdinalIgnoreCase) ? PricedOs.Windows : PricedOs.Linux;
}
