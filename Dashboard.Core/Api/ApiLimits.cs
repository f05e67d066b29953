namespace Dashboard.Core.Api;

/// <summary>Sizes of what API callers choose themselves.</summary>
public static class ApiLimits
{
    public const int TokenName = 100;
    public const int IdempotencyKey = 200;
    public const int MaxTokenDays = 366;
}
