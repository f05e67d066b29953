using Dashboard.Core.Domain;

namespace Dashboard.Core.Live;

/// <summary>A request to show a machine in a new state (Deleted removes it from its session).</summary>
public sealed record StateUpdate(Guid MachineId, MachineState State, StateChangeCause Cause, string? Error = null);
