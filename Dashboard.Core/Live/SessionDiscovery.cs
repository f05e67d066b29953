using System.Text.RegularExpressions;
using Dashboard.Core.Cloud;
using Dashboard.Core.Discovery;
using Dashboard.Core.Domain;
using Dashboard.Core.Persistence;
using Dashboard.Core.Sessions;

namespace Dashboard.Core.Live;

/// <summary>
/// Finds machines that carry the dashboard's session tag but are in no session: made by a script, by another
/// dashboard, or before this dashboard's database was lost. Nothing joins a session by itself: each waits in the
/// discovered list, checked against what the database can hold, until an admin adopts it.
/// </summary>
public static partial class SessionDiscovery
{
    /// <param name="knownMachines">Every machine name a session holds, with that session's name.</param>
    public static IReadOnlyList<DiscoveredMachine> Find(IReadOnlyList<CloudMachineStatus> listed, IReadOnlySet<string> knownCloudIds,
        IReadOnlyDictionary<string, string> knownMachines)
    {
        var strangers = listed
            .Where(s => s.State is not (MachineState.Deleting or MachineState.Deleted))
            .Where(s => !knownCloudIds.Contains(s.CloudId) && !string.IsNullOrWhiteSpace(Tag(s, CloudTags.Session)))
            .ToList();
        var groupsByName = strangers.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(s => ResourceGroupOf(s.CloudId) ?? s.CloudId).ToList(), StringComparer.OrdinalIgnoreCase);
        return [.. strangers.Select(s => Entry(s, knownMachines, groupsByName[s.Name]))
            .OrderBy(d => d.SessionTag, StringComparer.Ordinal).ThenBy(d => d.Name, StringComparer.Ordinal)];
    }

    private static DiscoveredMachine Entry(CloudMachineStatus status, IReadOnlyDictionary<string, string> knownMachines, List<string> groupsWithName)
    {
        var notes = new List<string>();
        var sessionTag = Tag(status, CloudTags.Session)!.Trim();
        var roleTag = Tag(status, CloudTags.Role)?.Trim();
        var knownRole = Enum.TryParse<MachineRole>(roleTag, true, out var role) && Enum.IsDefined(role) && !roleTag!.All(char.IsAsciiDigit);
        if (!knownRole)
        {
            role = MachineRole.PoolMember;
            notes.Add($"Its {CloudTags.Role} tag names no role; it joins as a pool member.");
        }
        var kind = Enum.TryParse<FormationKind>(Tag(status, CloudTags.Kind), true, out var k) && Enum.IsDefined(k) ? k : FormationKind.MachinePool;
        var suggested = SessionPlanner.IsValidName(sessionTag) ? sessionTag : null;
        if (suggested is null)
            notes.Add($"Its {CloudTags.Session} tag ({Shown(sessionTag)}) is not a valid session name: choose one when adopting.");
        if (status.Details?.Size is { Length: > ColumnLimits.Size } || status.Details?.Image is { Length: > ColumnLimits.Image })
            notes.Add("Its size or image name is longer than the dashboard stores; it is kept shortened.");

        var others = groupsWithName.Count - 1;
        var blocker =
            status.Name.Length > ColumnLimits.MachineName ? $"Its name is {status.Name.Length} characters long; machine names have at most {ColumnLimits.MachineName}."
            : status.CloudId.Length > ColumnLimits.CloudId ? $"Its resource id is longer than {ColumnLimits.CloudId} characters."
            : knownMachines.TryGetValue(status.Name, out var holder) ? $"Session {holder} already has a machine named {status.Name}."
            : null;
        if (others > 0)
            notes.Add($"A VM of the same name is also in {string.Join(", ", groupsWithName.Where(g => g != (ResourceGroupOf(status.CloudId) ?? status.CloudId)))}: machine names are unique, so only one of them can be adopted.");

        return new DiscoveredMachine(status.CloudId, status.Name, ResourceGroupOf(status.CloudId), sessionTag, role, kind, status.State,
            status.Details, notes, blocker) { SuggestedSession = suggested };
    }

    /// <summary>The machine an adopted entry becomes; every text fits its column.</summary>
    public static Machine MachineOf(DiscoveredMachine found, Guid sessionId, DateTimeOffset now)
    {
        var details = found.Details;
        return new Machine
        {
            SessionId = sessionId,
            Name = found.Name,
            Role = found.Role,
            Ordinal = OrdinalOf(found.Name),
            Size = ColumnLimits.Fit(details?.Size ?? "unknown", ColumnLimits.Size),
            Image = ColumnLimits.Fit(details?.Image ?? "unknown", ColumnLimits.Image),
            Priority = details?.Priority ?? MachinePriority.Regular,
            EvictionPolicy = details?.EvictionPolicy,
            HibernationEnabled = details?.HibernationEnabled ?? false,
            State = found.State,
            StateSince = now,
            CloudId = found.CloudId,
        };
    }

    /// <summary>An ARM id's resource group; null for ids of clouds without them.</summary>
    public static string? ResourceGroupOf(string cloudId) =>
        ResourceGroupPattern().Match(cloudId) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>"spark-worker-07" sorts as 7; names without a trailing number sort first.</summary>
    private static int OrdinalOf(string name)
    {
        var digits = new string(name.Reverse().TakeWhile(char.IsDigit).Reverse().ToArray());
        return int.TryParse(digits, out var n) ? n : 0;
    }

    private static string Shown(string value) => value.Length <= 40 ? $"\"{value}\"" : $"{value.Length} characters";

    private static string? Tag(CloudMachineStatus status, string key) =>
        status.Tags.FirstOrDefault(t => string.Equals(t.Key, key, StringComparison.OrdinalIgnoreCase)).Value;

    [GeneratedRegex("/resourceGroups/([^/]+)/", RegexOptions.IgnoreCase)]
    private static partial Regex ResourceGroupPattern();
}
