using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;

namespace Dashboard.Core.Discovery;

/// <summary>
/// A machine the cloud lists with the dashboard's session tag that belongs to no session: it waits here until an admin
/// adopts it. <see cref="Blocker"/> says why it cannot be adopted as it is; <see cref="Notes"/> what adoption will do
/// differently from its tags.
/// </summary>
public sealed record DiscoveredMachine(
    string CloudId,
    string Name,
    string? ResourceGroup,
    string SessionTag,
    MachineRole Role,
    FormationKind Kind,
    MachineState State,
    CloudMachineDetails? Details,
    IReadOnlyList<string> Notes,
    string? Blocker)
{
    public bool CanAdopt => Blocker is null;

    /// <summary>The session its tag names, when that is a valid session name.</summary>
    public string? SuggestedSession { get; init; }
}
