using Dashboard.Core.Persistence;

namespace Dashboard.Core.Live;

/// <summary>
/// Whether the database answers: start-up, loading and the writer report here, and the live store shows it beside
/// the cloud's health. Also says when the schema is ready (migrations applied), which loading waits for.
/// </summary>
public sealed class DatabaseHealth(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string? Error { get; private set; }

    public DateTimeOffset? FailingSince { get; private set; }

    /// <summary>Raised after <see cref="Error"/> changes.</summary>
    public event Action? Changed;

    /// <summary>Completes once the schema is migrated and the first run's data is in.</summary>
    public Task WhenReady => _ready.Task;

    public void MarkReady() => _ready.TrySetResult();

    public void Failed(Exception exception) => Set($"The database cannot be used: {DatabaseFaults.Describe(exception)}");

    public void Recovered() => Set(null);

    private void Set(string? error)
    {
        lock (_gate)
        {
            if (Error == error)
                return;
            FailingSince = error is null ? null : FailingSince ?? time.GetUtcNow();
            Error = error;
        }

        Changed?.Invoke();
    }
}

/// <summary>Waits that grow after each failure, so a database or cloud that is away is not hammered.</summary>
internal static class Backoff
{
    public static readonly TimeSpan First = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(5);

    public static TimeSpan Next(TimeSpan previous) => previous * 2 < Longest ? previous * 2 : Longest;
}
