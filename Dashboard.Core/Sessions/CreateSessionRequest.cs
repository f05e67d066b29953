using Dashboard.Core.Domain;

namespace Dashboard.Core.Sessions;

/// <summary>What the "New session" form asks for.</summary>
public sealed class CreateSessionRequest
{
    public Guid FormationId { get; set; }
    public string Name { get; set; } = "";

    /// <summary>Pool size, worker count or compute-node count (1–500); a virtual lab has exactly one target.</summary>
    public int Count { get; set; } = 1;

    /// <summary>How many of the workers / compute nodes run on Spot.</summary>
    public int SpotCount { get; set; }

    public EvictionPolicy EvictionPolicy { get; set; } = EvictionPolicy.Deallocate;
    public string Size { get; set; } = "";

    /// <summary>Create the regular (non-Spot) machines with hibernation enabled.</summary>
    public bool HibernationEnabled { get; set; }
}

public sealed record ValidationError(string Field, string Message);
