using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Api;

/// <summary>What claiming an idempotency key found.</summary>
public abstract record IdempotencyClaim
{
    /// <summary>The key is this request's now: run it, then complete or release the record.</summary>
    public sealed record Claimed(long RecordId) : IdempotencyClaim;

    /// <summary>The same request ran before: answer what it answered.</summary>
    public sealed record Replay(int StatusCode, string? ContentType, byte[] Body) : IdempotencyClaim;

    /// <summary>The key was used for another request.</summary>
    public sealed record Mismatch : IdempotencyClaim;

    /// <summary>The first request with this key has not finished yet.</summary>
    public sealed record StillRunning : IdempotencyClaim;
}

/// <summary>
/// Idempotency keys in the database. The unique index on (caller, key) decides which request runs, so two servers
/// sharing the database never both run it. Keys live <see cref="Lifetime"/>.
/// </summary>
public sealed class IdempotencyStore(IDbContextFactory<DashboardDbContext> factory, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public async Task<IdempotencyClaim> ClaimAsync(string caller, string key, string requestHash, CancellationToken cancellationToken)
    {
        // Two rounds: the second after an expired record of the same key was cleared away.
        for (var round = 0; round < 2; round++)
        {
            var now = time.GetUtcNow().UtcDateTime;
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var record = new IdempotencyRecord
            {
                Caller = caller, Key = key, RequestHash = requestHash, CreatedAtUtc = now, ExpiresAtUtc = now + Lifetime,
            };
            db.IdempotencyRecords.Add(record);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new IdempotencyClaim.Claimed(record.Id);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
            }

            var existing = await db.IdempotencyRecords.AsNoTracking()
                .FirstOrDefaultAsync(r => r.Caller == caller && r.Key == key, cancellationToken);
            if (existing is null)
                continue;
            if (existing.ExpiresAtUtc <= now)
            {
                await db.IdempotencyRecords.Where(r => r.Id == existing.Id).ExecuteDeleteAsync(cancellationToken);
                continue;
            }

            if (existing.RequestHash != requestHash)
                return new IdempotencyClaim.Mismatch();
            return existing.StatusCode is { } status
                ? new IdempotencyClaim.Replay(status, existing.ContentType, existing.Body ?? [])
                : new IdempotencyClaim.StillRunning();
        }

        return new IdempotencyClaim.StillRunning();
    }

    public async Task CompleteAsync(long recordId, int statusCode, string? contentType, byte[] body)
    {
        await using var db = await factory.CreateDbContextAsync();
        await db.IdempotencyRecords.Where(r => r.Id == recordId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.StatusCode, statusCode)
            .SetProperty(r => r.ContentType, contentType)
            .SetProperty(r => r.Body, body));
        // Old keys go as new ones come: no timer needed.
        var now = time.GetUtcNow().UtcDateTime;
        await db.IdempotencyRecords.Where(r => r.ExpiresAtUtc <= now).ExecuteDeleteAsync();
    }

    /// <summary>Frees the key of a request that crashed, so that a retry can run it.</summary>
    public async Task ReleaseAsync(long recordId)
    {
        await using var db = await factory.CreateDbContextAsync();
        await db.IdempotencyRecords.Where(r => r.Id == recordId).ExecuteDeleteAsync();
    }
}
