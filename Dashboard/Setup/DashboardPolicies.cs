using Dashboard.Core.People;
using Microsoft.AspNetCore.Authorization;

namespace Dashboard.Setup;

/// <summary>
/// The named authorization policies pages, links and endpoints use. Each is one rule of <see cref="AccessPolicy"/>,
/// so a page and the service behind it can never disagree about who may come in.
/// </summary>
public static class DashboardPolicies
{
    public const string ReadAudit = nameof(ReadAudit);
    public const string WatchSpot = nameof(WatchSpot);
    public const string OpenSessions = nameof(OpenSessions);
    public const string HoldMachines = nameof(HoldMachines);
    public const string ManageAccounts = nameof(ManageAccounts);
    public const string AdoptMachines = nameof(AdoptMachines);
    public const string ReadOutbox = nameof(ReadOutbox);

    public static void AddDashboardPolicies(this AuthorizationOptions options)
    {
        Add(options, ReadAudit, AccessPolicy.CanOpenAudit);
        Add(options, WatchSpot, AccessPolicy.CanWatchSpot);
        Add(options, OpenSessions, AccessPolicy.CanOpenSessions);
        Add(options, HoldMachines, AccessPolicy.CanHoldMachines);
        Add(options, ManageAccounts, AccessPolicy.CanManageAccounts);
        Add(options, AdoptMachines, AccessPolicy.CanAdoptMachines);
        Add(options, ReadOutbox, AccessPolicy.CanReadOutbox);
    }

    private static void Add(AuthorizationOptions options, string name, Func<Viewer, bool> rule) =>
        options.AddPolicy(name, policy => policy.RequireAuthenticatedUser().RequireAssertion(context => rule(Viewer.From(context.User))));
}
