namespace Dashboard.Core.Domain;

/// <summary>A link an instructor hands out: whoever opens it gets a free machine of the pool, while seats last.</summary>
public sealed class Invitation
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>The secret part of the link; unguessable.</summary>
    public required string Token { get; set; }

    public Guid SessionId { get; set; }
    public required string SessionName { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public int Seats { get; set; }
    public int SeatsUsed { get; set; }
    public bool Revoked { get; set; }

    /// <summary>Set on a personal invitation: mailed to this address only, it gives what was assigned to it.</summary>
    public string? Email { get; set; }

    public bool IsPersonal => Email is not null;

    public bool IsOpen(DateTimeOffset now) => !Revoked && now < ExpiresAt && SeatsUsed < Seats;
}
