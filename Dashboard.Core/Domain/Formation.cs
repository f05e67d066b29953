namespace Dashboard.Core.Domain;

/// <summary>The template a session is created from.</summary>
public sealed class Formation
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Name { get; set; }
    public FormationKind Kind { get; set; }
    public string Description { get; set; } = "";
    public required string Image { get; set; }
    public required string Size { get; set; }

    /// <summary>Pool size, worker count or compute-node count, depending on the kind.</summary>
    public int DefaultCount { get; set; } = 1;

    public int DefaultSpotCount { get; set; }
    public EvictionPolicy DefaultEvictionPolicy { get; set; } = EvictionPolicy.Deallocate;

    /// <summary>Shared file system an HPC session mounts on every node; not a VM.</summary>
    public string? SharedStorage { get; set; }
}
