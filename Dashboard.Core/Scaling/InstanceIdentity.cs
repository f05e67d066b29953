namespace Dashboard.Core.Scaling;

/// <summary>This server among its peers: its machine, its process and a random part (two in one process differ too).</summary>
public sealed class InstanceIdentity
{
    public string Id { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";

    public override string ToString() => Id;
}
