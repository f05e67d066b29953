namespace Dashboard.Core.Api;

/// <summary>
/// One <c>Idempotency-Key</c> a caller used: claimed (unique per caller and key, so two servers sharing the database
/// cannot both run the request), then completed with the response to replay.
/// </summary>
public sealed class IdempotencyRecord
{
    public long Id { get; set; }

    /// <summary>Whose key: <c>token:&lt;id&gt;</c> or <c>user:&lt;id&gt;</c>.</summary>
    public required string Caller { get; set; }

    public required string Key { get; set; }

    /// <summary>Hex SHA-256 of method, path, query and body: the same key with another request is refused.</summary>
    public required string RequestHash { get; set; }

    /// <summary>UTC; a DateTime so that SQLite can compare it in a query.</summary>
    public DateTime CreatedAtUtc { get; set; }
    public DateTime ExpiresAtUtc { get; set; }

    /// <summary>Null while the request still runs.</summary>
    public int? StatusCode { get; set; }
    public string? ContentType { get; set; }
    public byte[]? Body { get; set; }
}
