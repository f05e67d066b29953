namespace Dashboard.ArmEmulator;

/// <summary>
/// Makes the next <paramref name="Times"/> requests whose method matches (or "*") and whose path and query
/// contain <paramref name="PathContains"/> (case-insensitive) fail with ARM's error body.
/// With <paramref name="AsyncFailure"/> the request is accepted and its long-running operation fails instead,
/// the way Azure reports AllocationFailed or SkuNotAvailable.
/// </summary>
public sealed record FaultRule(
    string Method,
    string PathContains,
    int Status,
    string Code,
    string Message,
    int Times = 1,
    TimeSpan? RetryAfter = null,
    bool AsyncFailure = false);
