using System.Security.Cryptography;
using System.Text;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Api;

/// <summary>A token just made: the secret is shown this once and never again.</summary>
public sealed record NewAccessToken(PersonalAccessToken Token, string Secret);

/// <summary>Creates, lists, revokes and recognises personal access tokens.</summary>
public sealed class AccessTokens(IDbContextFactory<DashboardDbContext> factory, TimeProvider time)
{
    public const string Prefix = "dpat_";

    // Recording every use would write once per request; a minute's precision is enough to tell a token in use.
    private static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    /// <summary>Why these choices cannot make a token, in words; null when they can.</summary>
    public string? Problem(string? name, IReadOnlyCollection<string> scopes, DateTimeOffset expiresAt)
    {
        var now = time.GetUtcNow();
        if (string.IsNullOrWhiteSpace(name))
            return "Give the token a name.";
        if (name.Trim().Length > ApiLimits.TokenName)
            return $"A token's name has at most {ApiLimits.TokenName} characters.";
        if (scopes.Count == 0)
            return "Choose at least one scope.";
        if (scopes.FirstOrDefault(s => !ApiScopes.IsKnown(s)) is { } unknown)
            return $"There is no scope named {unknown}.";
        if (expiresAt <= now)
            return "The expiry must lie in the future.";
        if (expiresAt > now.AddDays(ApiLimits.MaxTokenDays))
            return "A token lives at most a year.";
        return null;
    }

    public async Task<NewAccessToken> CreateAsync(string ownerId, string name, IReadOnlyCollection<string> scopes, DateTimeOffset expiresAt,
        CancellationToken cancellationToken = default)
    {
        if (Problem(name, scopes, expiresAt) is { } problem)
            throw new ArgumentException(problem);
        var secret = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var token = new PersonalAccessToken
        {
            Id = Guid.NewGuid(), OwnerId = ownerId, Name = name.Trim(),
            Scopes = string.Join(' ', ApiScopes.All.Where(scopes.Contains)),
            SecretHash = HashOf(secret), Hint = secret[..(Prefix.Length + 4)],
            CreatedAt = time.GetUtcNow(), ExpiresAt = expiresAt,
        };
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        db.PersonalAccessTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return new NewAccessToken(token, secret);
    }

    /// <summary>The owner's tokens, newest first, revoked and expired ones included.</summary>
    public async Task<IReadOnlyList<PersonalAccessToken>> ListAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var tokens = await db.PersonalAccessTokens.AsNoTracking().Where(t => t.OwnerId == ownerId).ToListAsync(cancellationToken);
        return [.. tokens.OrderByDescending(t => t.CreatedAt)];
    }

    /// <summary>Revokes one of the owner's tokens; false when the owner has no such token.</summary>
    public async Task<bool> RevokeAsync(string ownerId, Guid tokenId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var token = await db.PersonalAccessTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.OwnerId == ownerId, cancellationToken);
        if (token is null)
            return false;
        token.RevokedAt ??= time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The token this secret belongs to, if it is neither revoked nor expired; notes its use.</summary>
    public async Task<PersonalAccessToken?> FindUsableAsync(string secret, CancellationToken cancellationToken = default)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal) || secret.Length > 100)
            return null;
        var hash = HashOf(secret);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var token = await db.PersonalAccessTokens.FirstOrDefaultAsync(t => t.SecretHash == hash, cancellationToken);
        var now = time.GetUtcNow();
        if (token is null || !token.IsUsableAt(now))
            return null;
        if (token.LastUsedAt is not { } last || now - last >= LastUsedPrecision)
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return token;
    }

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
