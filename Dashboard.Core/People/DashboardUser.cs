using Microsoft.AspNetCore.Identity;

namespace Dashboard.Core.People;

/// <summary>A person who signs in; user name and e-mail are the same address.</summary>
public sealed class DashboardUser : IdentityUser
{
    public string? DisplayName { get; set; }
}
