namespace Dashboard.Core.Persistence;

/// <summary>
/// The lengths of the database's text columns, in one place: the configurations declare them and every writer fits
/// its values to them, so a long tag, name or message is shortened instead of failing the write on SQL Server.
/// </summary>
public static class ColumnLimits
{
    public const int Person = 256;

    /// <summary>An Identity account id (Identity's own key length).</summary>
    public const int AccountId = 450;
    public const int SessionName = 40;
    public const int MachineName = 64;
    public const int Size = 64;
    public const int Image = 256;
    public const int CloudId = 400;
    public const int Message = 1000;
    public const int AuditAction = 32;
    public const int OperationAction = 32;
    public const int AuditDetail = 1000;
    public const int Token = 64;
    public const int SharedStorage = 200;
    public const int TimeZone = 64;

    /// <summary>The value, or its start with an ellipsis when it is longer than the column.</summary>
    public static string Fit(string value, int limit) =>
        value.Length <= limit ? value : string.Concat(value.AsSpan(0, limit - 1), "…");

    public static string? FitOrNull(string? value, int limit) => value is null ? null : Fit(value, limit);
}
