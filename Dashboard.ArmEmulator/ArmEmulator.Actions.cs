using Dashboard.ArmEmulator.Internal;

namespace Dashboard.ArmEmulator;

// Power actions, delete and Spot eviction. Handlers run with the lock held.
public sealed partial class ArmEmulator
{
    private ArmResponse VmAction(ArmRequest request, string action)
    {
        if (!TryGetVm(request, out var vm, out var missing))
            return missing;
        if (vm.Busy is not null)
            return Conflict(vm, action);
        var hibernate = action == "deallocate" && request.QueryFlag("hibernate");
        if (hibernate && (vm.Spot || !vm.HibernationEnabled))
        {
            return ArmResponse.Error(409, "OperationNotAllowed", vm.Spot
                ? "Hibernation is not supported for Spot VMs."
                : $"Hibernation is not enabled on VM '{vm.Name}'. Set additionalCapabilities.hibernationEnabled to hibernate it.");
        }
        if (action == "restart" && vm.PowerState != "running")
            return ArmResponse.Error(409, "OperationNotAllowed", $"Operation 'restart' is not allowed on VM '{vm.Name}' since the VM is {vm.PowerState}.");

        var (transitional, final) = action switch
        {
            "start" => ("starting", "running"),
            "deallocate" => ("deallocating", "deallocated"),
            "powerOff" => ("stopping", "stopped"),
            _ => ("starting", "running"),
        };
        // Asking for the state the VM is already in is accepted and does nothing, as in Azure.
        var alreadyThere = vm.PowerState == final || (action == "powerOff" && vm.PowerState == "deallocated");
        if (alreadyThere && action != "restart" && !(hibernate && !vm.Hibernated))
            return AcceptDone(request, action, vm.Location);

        var (previousState, previousHibernated) = (vm.PowerState, vm.Hibernated);
        vm.PowerState = transitional;
        return Accept(request, action, vm, vm.Location, 202, null,
            complete: () =>
            {
                vm.PowerState = final;
                vm.Hibernated = hibernate;
            },
            rollback: () => (vm.PowerState, vm.Hibernated) = (previousState, previousHibernated));
    }

    private ArmResponse DeleteVm(ArmRequest request)
    {
        if (!TryGetVm(request, out var vm, out _))
            return new ArmResponse(204);
        if (vm.Busy is not null)
            return Conflict(vm, "delete");
        var previous = vm.ProvisioningState;
        vm.ProvisioningState = "Deleting";
        return Accept(request, "delete", vm, vm.Location, 202, null,
            complete: () => RemoveVm(vm, evicted: false),
            rollback: () => vm.ProvisioningState = previous);
    }

    // Removes the VM; its OS disk and NICs go too when their deleteOption says so (or on eviction),
    // otherwise they are left detached.
    private void RemoveVm(VmState vm, bool evicted)
    {
        _vms.Remove(vm.Id);
        if (vm.OsDiskId is { } diskId && _disks.TryGetValue(diskId, out var disk))
        {
            if (evicted || vm.DeletesOsDisk)
                _disks.Remove(diskId);
            else
            {
                disk.ManagedBy = null;
                disk.Properties["diskState"] = "Unattached";
            }
        }
        foreach (var (nicId, deleteWithVm) in vm.Nics)
        {
            if (evicted || deleteWithVm)
                _nics.Remove(nicId);
            else if (_nics.TryGetValue(nicId, out var nic))
                nic.Properties.Remove("virtualMachine");
        }
    }

    private ArmResponse SimulateEviction(ArmRequest request)
    {
        if (!TryGetVm(request, out var vm, out var missing))
            return missing;
        if (!vm.Spot)
            return ArmResponse.Error(409, "OperationNotAllowed", $"Simulate eviction is only supported for Spot VMs; '{vm.Name}' is not a Spot VM.");
        var id = vm.Id;
        _ = Task.Run(async () =>
        {
            await Task.Delay(_options.OperationLatency / 2, _time);
            await EvictCoreAsync(id);
        });
        return new ArmResponse(204);
    }

    /// <summary>
    /// Evicts a Spot VM as Azure does, per its evictionPolicy: "Deallocate" passes through deallocating to
    /// deallocated (disks kept); "Delete" removes the VM with its OS disk and NICs. The transition takes
    /// half the OperationLatency, so a simulated eviction (which starts after the other half) ends after
    /// about one OperationLatency. Completes when done.
    /// </summary>
    public Task EvictAsync(string vmName)
    {
        string id;
        lock (_gate)
        {
            var vm = FindByName(vmName) ?? throw new InvalidOperationException($"No VM named '{vmName}'.");
            if (!vm.Spot)
                throw new InvalidOperationException($"VM '{vmName}' is not a Spot VM; only Spot VMs are evicted.");
            id = vm.Id;
        }
        return EvictCoreAsync(id);
    }

    private async Task EvictCoreAsync(string id)
    {
        VmState? vm;
        int generation;
        bool delete;
        lock (_gate)
        {
            if (!_vms.TryGetValue(id, out vm))
                return;
            delete = vm.EvictionPolicy.Equals("Delete", StringComparison.OrdinalIgnoreCase);
            if (!delete && vm.PowerState == "deallocated")
                return;
            generation = ++vm.Generation; // overtakes any operation in progress
            vm.Busy = "evict";
            if (delete)
                vm.ProvisioningState = "Deleting";
            else
                vm.PowerState = "deallocating";
        }
        await Task.Delay(_options.OperationLatency / 2, _time);
        lock (_gate)
        {
            if (vm.Generation != generation || !_vms.ContainsKey(id))
                return;
            vm.Busy = null;
            if (delete)
                RemoveVm(vm, evicted: true);
            else
                (vm.PowerState, vm.Hibernated) = ("deallocated", false);
        }
    }
}
