namespace Dashboard.Core.Domain;

/// <summary>One transition in a machine's life, including evictions nobody asked for.</summary>
public sealed class StateChange
{
    public long Id { get; set; }
    public Guid MachineId { get; set; }
    public required string SessionName { get; set; }
    public required string MachineName { get; set; }
    public MachineState From { get; set; }
    public MachineState To { get; set; }
    public DateTimeOffset At { get; set; }
    public StateChangeCause Cause { get; set; }
    public EvictionPolicy? EvictionPolicy { get; set; }
}
