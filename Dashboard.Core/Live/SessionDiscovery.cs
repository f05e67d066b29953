using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;

namespace Dashboard.Core.Live;

/// <summary>
/// Finds machines that carry the dashboard's tags but are in no session: made by a script, by another
/// dashboard, or before this dashboard's database was lost. They join their session, or become one.
/// </summary>
public static class SessionDiscovery
{
    public const string DiscoveredOwner = "discovered";

    public sealed record Result(IReadOnlyList<Session> NewSessions, IReadOnlyList<Machine> AddedMachines);

    public static Result Discover(IReadOnlyList<CloudMachineStatus> listed, IReadOnlySet<string> knownCloudIds,
        IReadOnlySet<string> knownMachineNames, IReadOnlyList<SessionView> sessions, DateTimeOffset now)
    {
        var strangers = listed
            .Where(s => s.State is not (MachineState.Deleting or MachineState.Deleted))
            .Where(s => !knownCloudIds.Contains(s.CloudId) && !knownMachineNames.Contains(s.Name))
            .Where(s => Tag(s, CloudTags.Session) is not null && Enum.TryParse<MachineRole>(Tag(s, CloudTags.Role), true, out _))
            .GroupBy(s => Tag(s, CloudTags.Session)!, StringComparer.Ordinal);

        var newSessions = new List<Session>();
        var added = new List<Machine>();
        foreach (var group in strangers)
        {
            var existing = sessions.FirstOrDefault(s => s.Name == group.Key);
            if (existing is not null)
            {
                added.AddRange(group.Select(s => MachineOf(s, existing.Id, now)));
                continue;
            }

            var kind = Enum.TryParse<FormationKind>(Tag(group.First(), CloudTags.Kind), true, out var k) ? k : FormationKind.MachinePool;
            var session = new Session { Name = group.Key, Kind = kind, Owner = DiscoveredOwner, CreatedAt = now };
            session.Machines.AddRange(group.Select(s => MachineOf(s, session.Id, now)));
            newSessions.Add(session);
        }

        return new Result(newSessions, added);
    }

    private static Machine MachineOf(CloudMachineStatus status, Guid sessionId, DateTimeOffset now)
    {
        var details = status.Details;
        return new Machine
        {
            SessionId = sessionId,
            Name = status.Name,
            Role = Enum.Parse<MachineRole>(Tag(status, CloudTags.Role)!, ignoreCase: true),
            Ordinal = OrdinalOf(status.Name),
            Size = details?.Size ?? "unknown",
            Image = details?.Image ?? "unknown",
            Priority = details?.Priority ?? MachinePriority.Regular,
            EvictionPolicy = details?.EvictionPolicy,
            HibernationEnabled = details?.HibernationEnabled ?? false,
            State = status.State,
            StateSince = now,
            CloudId = status.CloudId,
        };
    }

    /// <summary>"spark-worker-07" sorts as 7; names without a trailing number sort first.</summary>
    private static int OrdinalOf(string name)
    {
        var digits = new string(name.Reverse().TakeWhile(char.IsDigit).Reverse().ToArray());
        return int.TryParse(digits, out var n) ? n : 0;
    }

    private static string? Tag(CloudMachineStatus status, string key) =>
        status.Tags.FirstOrDefault(t => string.Equals(t.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
}
