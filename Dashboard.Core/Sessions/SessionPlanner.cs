using System.Text.RegularExpressions;
using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;

namespace Dashboard.Core.Sessions;

/// <summary>Checks a request and turns it into the machines each formation kind needs.</summary>
public static partial class SessionPlanner
{
    public const int MaxCount = 500;

    public static IReadOnlyList<ValidationError> Validate(Formation formation, CreateSessionRequest request)
    {
        var errors = new List<ValidationError>();
        if (!SessionName().IsMatch(request.Name ?? ""))
            errors.Add(new(nameof(request.Name), "Use 3–30 characters: lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen."));
        if (request.Count is < 1 or > MaxCount)
            errors.Add(new(nameof(request.Count), $"The count must be between 1 and {MaxCount}."));
        if (MachineSizes.Find(request.Size) is not { } size)
            errors.Add(new(nameof(request.Size), "Choose a size from the list."));
        else if (request.HibernationEnabled && !size.SupportsHibernation)
            errors.Add(new(nameof(request.HibernationEnabled), $"{size.Name} does not support hibernation."));

        if (request.SpotCount < 0 || request.SpotCount > request.Count)
            errors.Add(new(nameof(request.SpotCount), "Spot machines must be between 0 and the count."));
        else if (request.SpotCount > 0 && SpotRole(formation.Kind) is null)
            errors.Add(new(nameof(request.SpotCount), "Spot is only for worker and compute nodes: a " + DisplayText.Of(formation.Kind) + " has none."));
        if (formation.Kind == FormationKind.VirtualLab && request.Count != 1)
            errors.Add(new(nameof(request.Count), "A virtual lab has exactly one target machine."));
        return errors;
    }

    /// <summary>The session and its machines, all in the Creating state, with their cloud ids already known.</summary>
    public static Session Plan(Formation formation, CreateSessionRequest request, string owner, DateTimeOffset now, ICloud cloud)
    {
        var session = new Session
        {
            Name = request.Name,
            FormationId = formation.Id,
            Kind = formation.Kind,
            Owner = owner,
            CreatedAt = now,
            SharedStorage = formation.Kind == FormationKind.HpcCluster ? formation.SharedStorage ?? "Shared file system" : null,
        };
        foreach (var (role, ordinal, spot) in Layout(formation.Kind, request.Count, request.SpotCount))
        {
            var name = MachineName(request.Name, role, ordinal);
            session.Machines.Add(new Machine
            {
                SessionId = session.Id,
                Name = name,
                Role = role,
                Ordinal = ordinal,
                Size = request.Size,
                Image = formation.Image,
                Priority = spot ? MachinePriority.Spot : MachinePriority.Regular,
                EvictionPolicy = spot ? request.EvictionPolicy : null,
                // Azure does not hibernate Spot machines, so the setting only reaches regular ones.
                HibernationEnabled = request.HibernationEnabled && !spot,
                State = MachineState.Creating,
                StateSince = now,
                CloudId = cloud.IdFor(name),
            });
        }

        return session;
    }

    /// <summary>
    /// One more machine of <paramref name="source"/>'s role in its session, made like it (size, image, priority), named
    /// and numbered after the highest of that role plus <paramref name="skip"/>: a copy from a snapshot.
    /// </summary>
    public static Machine CopyOf(SessionView session, MachineView source, DateTimeOffset now, ICloud cloud, int skip = 0)
    {
        var ordinal = session.Machines.Where(m => m.Role == source.Role).Select(m => m.Ordinal).DefaultIfEmpty(0).Max() + 1 + skip;
        var name = MachineName(session.Name, source.Role, ordinal);
        return new Machine
        {
            SessionId = session.Id,
            Name = name,
            Role = source.Role,
            Ordinal = ordinal,
            Size = source.Size,
            Image = source.Image,
            Priority = source.Priority,
            EvictionPolicy = source.EvictionPolicy,
            HibernationEnabled = source.HibernationEnabled,
            State = MachineState.Creating,
            StateSince = now,
            CloudId = cloud.IdFor(name),
        };
    }

    /// <summary>3–30 characters: lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen.</summary>
    public static bool IsValidName(string? name) => SessionName().IsMatch(name ?? "");

    public static CloudMachineSpec SpecOf(Session session, Machine machine) => SpecOf(SessionView.From(session), MachineView.From(machine));

    /// <summary>What the cloud is asked to create, tagged so the session tree can be rebuilt from the cloud.</summary>
    public static CloudMachineSpec SpecOf(SessionView session, MachineView machine) => new(
        machine.Name, machine.Size, machine.Image, machine.Priority, machine.IsSpot ? machine.EvictionPolicy : null, machine.HibernationEnabled,
        new Dictionary<string, string>
        {
            [CloudTags.Session] = session.Name,
            [CloudTags.Role] = machine.Role.ToString(),
            [CloudTags.Kind] = session.Kind.ToString(),
        });

    /// <summary>The role that scales with the count and may run on Spot, if the kind has one.</summary>
    public static MachineRole? SpotRole(FormationKind kind) => kind switch
    {
        FormationKind.BigDataCluster => MachineRole.Worker,
        FormationKind.HpcCluster => MachineRole.Compute,
        _ => null,
    };

    private static IEnumerable<(MachineRole Role, int Ordinal, bool Spot)> Layout(FormationKind kind, int count, int spotCount)
    {
        // Spot machines come last, so worker 1 and 2 stay regular when only some are Spot.
        IEnumerable<(MachineRole, int, bool)> Scaled(MachineRole role) =>
            Enumerable.Range(1, count).Select(i => (role, i, i > count - spotCount));

        return kind switch
        {
            FormationKind.MachinePool => Scaled(MachineRole.PoolMember),
            FormationKind.VirtualLab => [(MachineRole.Proxy, 1, false), (MachineRole.Target, 1, false)],
            FormationKind.BigDataCluster => [(MachineRole.Proxy, 1, false), (MachineRole.Master, 1, false), .. Scaled(MachineRole.Worker)],
            FormationKind.HpcCluster => [(MachineRole.Head, 1, false), .. Scaled(MachineRole.Compute)],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static string MachineName(string session, MachineRole role, int ordinal) => role switch
    {
        MachineRole.PoolMember => $"{session}-{ordinal:00}",
        MachineRole.Worker or MachineRole.Compute => $"{session}-{DisplayText.Of(role)}-{ordinal:00}",
        _ => $"{session}-{DisplayText.Of(role)}",
    };

    [GeneratedRegex("^[a-z][a-z0-9-]{1,28}[a-z0-9]$")]
    private static partial Regex SessionName();
}
