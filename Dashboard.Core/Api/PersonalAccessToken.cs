namespace Dashboard.Core.Api;

/// <summary>
/// A personal access token: a secret its owner gave a script. Only the SHA-256 hash of the secret is kept, so a
/// copy of the database signs nobody in. A token carries scopes; what it may do is always also bounded by what its
/// owner's account may do now.
/// </summary>
public sealed class PersonalAccessToken
{
    public Guid Id { get; set; }
    public required string OwnerId { get; set; }
    public required string Name { get; set; }

    /// <summary>Space-separated scope names (<see cref="ApiScopes"/>).</summary>
    public required string Scopes { get; set; }

    /// <summary>Hex SHA-256 of the whole secret (prefix included).</summary>
    public required string SecretHash { get; set; }

    /// <summary>The first characters of the secret, so a person can tell their tokens apart.</summary>
    public required string Hint { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;
}
