namespace Dashboard.Client;

/// <summary>How one machine action ended (outcome Succeeded; failures arrive as <see cref="DashboardApiException"/>).</summary>
public sealed record ActionResponseDto(string Outcome, string Message, ConnectionDto? Connection);

/// <summary>Connection details, for the connect action.</summary>
public sealed record ConnectionDto
{
    public string Machine { get; init; } = "";
    public string Host { get; init; } = "";
    /// <summary>Linux or Windows.</summary>
    public string Os { get; init; } = "";
    public string User { get; init; } = "";
    public string? SshCommand { get; init; }
    public string? BrowserUrl { get; init; }
}

public sealed record MachineProblemDto(string Machine, string Reason);

public sealed record BatchResponseDto(string Action, IReadOnlyList<string> Succeeded, IReadOnlyList<MachineProblemDto> Failed,
    IReadOnlyList<MachineProblemDto> Skipped, string Summary);

public sealed record AuditEntryDto(long Id, DateTimeOffset At, string Actor, string Action, string? SessionName, string? MachineName,
    string Outcome, string? Error);

public sealed record AuditPageDto(IReadOnlyList<AuditEntryDto> Entries, int Total, int Skip, int Take);

/// <summary>An RFC 9457 problem, as every API error is sent.</summary>
public sealed record ProblemDto(string? Type, string? Title, int? Status, string? Detail);

/// <summary>The API answered with an error; <see cref="Problem"/> says what, <see cref="RetryAfter"/> when to try again.</summary>
public sealed class DashboardApiException(int status, ProblemDto? problem, TimeSpan? retryAfter)
    : Exception(problem?.Detail ?? problem?.Title ?? $"The dashboard answered {status}.")
{
    public int Status { get; } = status;
    public ProblemDto? Problem { get; } = problem;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
