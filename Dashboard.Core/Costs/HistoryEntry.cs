using Dashboard.Core.Domain;

namespace Dashboard.Core.Costs;

/// <summary>The part of a <see cref="StateChange"/> costs need; read in id order, which is the order they happened.</summary>
public readonly record struct HistoryEntry(long Id, Guid MachineId, MachineState From, MachineState To, DateTimeOffset At);
