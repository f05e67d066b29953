using Dashboard.Core.Domain;

namespace Dashboard.Core.Cloud.Azure;

/// <summary>Reads the dashboard's state from an instance view's status codes.</summary>
public static class AzurePowerState
{
    public static MachineState From(IEnumerable<string> statusCodes)
    {
        var codes = statusCodes.Select(c => c.ToLowerInvariant()).ToList();
        if (codes.Contains("provisioningstate/deleting"))
            return MachineState.Deleting;
        var power = codes.FirstOrDefault(c => c.StartsWith("powerstate/", StringComparison.Ordinal))?["powerstate/".Length..];
        // Azure reports a hibernated VM as deallocated plus a separate hibernation status.
        if (power == "deallocated" && codes.Contains("hibernationstate/hibernated"))
            return MachineState.Hibernated;
        // A disk swap or reimage updates a VM at rest; a power change under way says more than its update.
        if (codes.Contains("provisioningstate/updating") && power is null or "running" or "stopped" or "deallocated")
            return MachineState.Updating;
        return power switch
        {
            "starting" => MachineState.Starting,
            "running" => MachineState.Running,
            "stopping" => MachineState.Stopping,
            "stopped" => MachineState.Stopped,
            "deallocating" => MachineState.Deallocating,
            "deallocated" => MachineState.Deallocated,
            // Azure appends the reason: "ProvisioningState/failed/AllocationFailed".
            _ when codes.Any(c => c.StartsWith("provisioningstate/failed", StringComparison.Ordinal)) => MachineState.Failed,
            _ when codes.Contains("provisioningstate/creating") => MachineState.Creating,
            _ => MachineState.Unknown,
        };
    }
}
