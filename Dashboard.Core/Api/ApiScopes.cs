namespace Dashboard.Core.Api;

/// <summary>What a personal access token may be used for; the owner's roles still decide on what.</summary>
public static class ApiScopes
{
    /// <summary>Sessions, machines and the audit trail, as far as the owner may see them; the hub.</summary>
    public const string Read = "read";

    /// <summary>Machine actions and batch actions.</summary>
    public const string Act = "act";

    /// <summary>Class-time settings, postponing and skipping stops.</summary>
    public const string Schedule = "schedule";

    public static IReadOnlyList<string> All { get; } = [Read, Act, Schedule];

    /// <summary>The claim a token's principal carries once per scope.</summary>
    public const string Claim = "scope";

    /// <summary>The claim naming the token a principal came from (absent for other sign-ins).</summary>
    public const string TokenIdClaim = "token_id";

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);
}
