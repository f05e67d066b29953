using System.Security.Claims;

namespace Dashboard.Core.People;

/// <summary>The person behind a request, as the authorization rules need them: a name and roles.</summary>
public sealed record Viewer(string Name, IReadOnlySet<string> Roles)
{
    /// <summary>Background work the dashboard does on its own (start-up, seeding, benchmarks).</summary>
    public static Viewer System { get; } = new("system", new HashSet<string> { People.Roles.Admin });

    public bool IsAdmin => Roles.Contains(People.Roles.Admin);
    public bool IsInstructor => Roles.Contains(People.Roles.Instructor);
    public bool IsStudent => Roles.Contains(People.Roles.Student);
    public bool IsOps => Roles.Contains(People.Roles.Ops);

    public static Viewer For(string name, params string[] roles) => new(name, new HashSet<string>(roles, StringComparer.Ordinal));

    /// <summary>An anonymous principal has no name and no roles, and may therefore do nothing.</summary>
    public static Viewer From(ClaimsPrincipal principal) => new(
        principal.Identity?.IsAuthenticated == true ? principal.Identity.Name ?? "" : "",
        principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));

    public bool IsNamed(string? name) => Name.Length > 0 && string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);
}
