using Dashboard.Core.Domain;

namespace Dashboard.Components.Sessions;

/// <summary>What a state means for billing and for the person looking, where the word alone does not say it.</summary>
public static class StateMeaning
{
    public static string? Of(MachineState state) => state switch
    {
        MachineState.Stopped => "Stopped but still allocated: compute is still billed. Stop again to deallocate.",
        MachineState.Deallocated => "Deallocated: compute is not billed.",
        MachineState.Hibernated => "Hibernated: memory saved to disk; compute is not billed.",
        MachineState.Evicted => "Spot capacity was reclaimed by the cloud.",
        MachineState.Updating => "The cloud is replacing the OS disk (restore or reimage).",
        _ => null,
    };
}
