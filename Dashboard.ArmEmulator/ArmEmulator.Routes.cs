using Dashboard.ArmEmulator.Internal;

namespace Dashboard.ArmEmulator;

// The route table: every path the emulator answers, and how each request is counted.
public sealed partial class ArmEmulator
{
    private const string Sub = "/subscriptions/{sub}";
    private const string Group = Sub + "/resourceGroups/{rg}";
    private const string Vms = Group + "/providers/Microsoft.Compute/virtualMachines";
    private const string Vm = Vms + "/{name}";
    private const string Operation = Sub + "/providers/Microsoft.Compute/locations/{loc}/operations/{id}";

    private ArmRoute[] CreateRoutes() =>
    [
        new("GET", Sub + "/providers/Microsoft.Compute/virtualMachines", RequestKind.List, ListAllVms),
        new("GET", Vms, RequestKind.List, ListGroupVms),
        new("GET", Vm, RequestKind.Read, GetVm),
        new("GET", Vm + "/instanceView", RequestKind.Read, GetInstanceView),
        new("PUT", Vm, RequestKind.Write, PutVm),
        new("PATCH", Vm, RequestKind.Write, PatchVm),
        new("DELETE", Vm, RequestKind.Write, DeleteVm),
        new("POST", Vm + "/start", RequestKind.Write, r => VmAction(r, "start")),
        new("POST", Vm + "/deallocate", RequestKind.Write, r => VmAction(r, "deallocate")),
        new("POST", Vm + "/powerOff", RequestKind.Write, r => VmAction(r, "powerOff")),
        new("POST", Vm + "/restart", RequestKind.Write, r => VmAction(r, "restart")),
        new("POST", Vm + "/simulateEviction", RequestKind.Write, SimulateEviction),
        new("POST", Vm + "/reimage", RequestKind.Write, Reimage),
        new("GET", Operation, RequestKind.OperationPoll, GetOperation),
        new("PUT", Group + "/providers/Microsoft.Network/networkInterfaces/{name}", RequestKind.Write, PutNic),
        new("GET", Group + "/providers/Microsoft.Network/networkInterfaces/{name}", RequestKind.Read, r => GetPlain(r, _nics, Ids.NicType)),
        new("DELETE", Group + "/providers/Microsoft.Network/networkInterfaces/{name}", RequestKind.Write, DeleteNic),
        new("GET", Group + "/providers/Microsoft.Compute/disks/{name}", RequestKind.Read, r => GetPlain(r, _disks, Ids.DiskType)),
        new("DELETE", Group + "/providers/Microsoft.Compute/disks/{name}", RequestKind.Write, DeleteDisk),
        new("PUT", Group + "/providers/Microsoft.Compute/disks/{name}", RequestKind.Write, PutDisk),
        new("GET", Group + "/providers/Microsoft.Compute/snapshots", RequestKind.Read, ListGroupSnapshots),
        new("PUT", Group + "/providers/Microsoft.Compute/snapshots/{name}", RequestKind.Write, PutSnapshot),
        new("GET", Group + "/providers/Microsoft.Compute/snapshots/{name}", RequestKind.Read, r => GetPlain(r, _snapshots, Ids.SnapshotType)),
        new("DELETE", Group + "/providers/Microsoft.Compute/snapshots/{name}", RequestKind.Write, DeleteSnapshot),
        new("GET", Sub, RequestKind.Read, GetSubscription),
        new("GET", Group, RequestKind.Read, GetResourceGroup),
    ];
}
