using Dashboard.Core.Domain;

namespace Dashboard.Core.Live;

/// <summary>
/// Counts, per machine, the consecutive listings it was missing from. One listing can miss a machine (a page lost,
/// a cloud that answers from a stale replica); two in a row make it a suspect, which a direct read then confirms.
/// </summary>
internal sealed class MissingMachines
{
    public const int ListingsBeforeSuspect = 2;

    private readonly Dictionary<Guid, int> _missedListings = [];

    /// <summary>Counts this listing and returns the machines missing from it and the one before.</summary>
    /// <param name="present">Whether the listing has the machine, or its absence would change nothing.</param>
    public List<MachineView> Count(IReadOnlyList<MachineView> shown, Func<MachineView, bool> present)
    {
        var suspects = new List<MachineView>();
        var ids = new HashSet<Guid>();
        foreach (var machine in shown)
        {
            ids.Add(machine.Id);
            if (present(machine))
            {
                _missedListings.Remove(machine.Id);
                continue;
            }

            var missed = _missedListings[machine.Id] = _missedListings.GetValueOrDefault(machine.Id) + 1;
            if (missed >= ListingsBeforeSuspect)
                suspects.Add(machine);
        }

        foreach (var old in _missedListings.Keys.Where(id => !ids.Contains(id)).ToList())
            _missedListings.Remove(old);
        return suspects;
    }
}
