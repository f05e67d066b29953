using Dashboard.Core.Domain;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Actions;

/// <summary>Checks section <c>Connect</c> at start-up; each message names the setting to fix.</summary>
public sealed class ConnectOptionsValidator : IValidateOptions<ConnectOptions>
{
    public ValidateOptionsResult Validate(string? name, ConnectOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.HostSuffix))
            errors.Add($"{ConnectOptions.Section}:{nameof(ConnectOptions.HostSuffix)} must not be empty.");
        if (string.IsNullOrWhiteSpace(options.AdminUser))
            errors.Add($"{ConnectOptions.Section}:{nameof(ConnectOptions.AdminUser)} must not be empty.");
        foreach (var (kindName, roles) in options.Browser)
        {
            var kindKey = $"{ConnectOptions.Section}:{nameof(ConnectOptions.Browser)}:{kindName}";
            if (!TryParse<FormationKind>(kindName, out var kind))
            {
                errors.Add($"{kindKey}: {kindName} is not a formation kind (use {string.Join(", ", Enum.GetNames<FormationKind>())}).");
                continue;
            }

            foreach (var (roleName, template) in roles)
                errors.AddRange(Check($"{kindKey}:{roleName}", kind, roleName, template));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static IEnumerable<string> Check(string key, FormationKind kind, string roleName, string? template)
    {
        if (!TryParse<MachineRole>(roleName, out var role) || !RolesOf(kind).Contains(role))
        {
            yield return $"{key}: {DisplayText.Of(kind)} sessions have no role {roleName} (use {string.Join(", ", RolesOf(kind))}).";
            yield break;
        }

        if (string.IsNullOrWhiteSpace(template))
            yield break;
        foreach (var problem in ConnectTemplate.Problems(template))
            yield return $"{key} = \"{template}\": {problem}.";
        if (ConnectTemplate.Uses(template, ConnectTemplate.Proxy) && !RolesOf(kind).Contains(MachineRole.Proxy))
            yield return $"{key} = \"{template}\": {DisplayText.Of(kind)} sessions have no proxy, so {{{ConnectTemplate.Proxy}}} cannot be filled in.";
    }

    /// <summary>The roles each formation kind has (see SessionPlanner's layout).</summary>
    private static MachineRole[] RolesOf(FormationKind kind) => kind switch
    {
        FormationKind.MachinePool => [MachineRole.PoolMember],
        FormationKind.VirtualLab => [MachineRole.Proxy, MachineRole.Target],
        FormationKind.BigDataCluster => [MachineRole.Proxy, MachineRole.Master, MachineRole.Worker],
        FormationKind.HpcCluster => [MachineRole.Head, MachineRole.Compute],
        _ => [],
    };

    // Names only: Enum.TryParse would also accept numbers such as "2".
    private static bool TryParse<T>(string name, out T value) where T : struct, Enum
    {
        var match = Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        value = match is null ? default : Enum.Parse<T>(match);
        return match is not null;
    }
}
