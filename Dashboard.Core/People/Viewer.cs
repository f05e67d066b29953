using System.Security.Claims;

namespace Dashboard.Core.People;

/// <summary>
/// The person behind a request, as the authorization rules need them: a name, roles, and the account id that
/// machines are held by (an e-mail is only what the roster shows; the account is who proved it).
/// </summary>
public sealed record Viewer(string Name, IReadOnlySet<string> Roles)
{
    /// <summary>Background work the dashboard does on its own (start-up, seeding, benchmarks).</summary>
    public static Viewer System { get; } = new("system", new HashSet<string> { People.Roles.Admin });

    /// <summary>The account's id (the NameIdentifier claim); empty when the principal names no account.</summary>
    public string UserId { get; init; } = "";

    public bool IsAdmin => Roles.Contains(People.Roles.Admin);
    public bool IsInstructor => Roles.Contains(People.Roles.Instructor);
    public bool IsStudent => Roles.Contains(People.Roles.Student);
    public bool IsOps => Roles.Contains(People.Roles.Ops);

    public static Viewer For(string name, params string[] roles) => new(name, new HashSet<string>(roles, StringComparer.Ordinal));

    /// <summary>An anonymous principal has no name, no account and no roles, and may therefore do nothing.</summary>
    public static Viewer From(ClaimsPrincipal principal)
    {
        var signedIn = principal.Identity?.IsAuthenticated == true;
        return new Viewer(
            signedIn ? principal.Identity!.Name ?? "" : "",
            principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal))
        {
            UserId = signedIn ? principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "" : "",
        };
    }

    public bool IsNamed(string? name) => Name.Length > 0 && string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether this account holds the machine: by account id, never by a typed e-mail.</summary>
    public bool Holds(string? assignedUserId) => UserId.Length > 0 && string.Equals(UserId, assignedUserId, StringComparison.Ordinal);
}
