namespace Dashboard.Core.Discovery;

/// <summary>
/// The latest listing's discovered machines, in memory (the cloud is their record), for the admin's page to show
/// live. Replaced whole after every poll; adopted machines leave at once.
/// </summary>
public sealed class DiscoveredMachines
{
    private readonly Lock _gate = new();
    private IReadOnlyList<DiscoveredMachine> _current = [];

    /// <summary>Raised after the list changed; handlers must not block (pages hop to their render thread).</summary>
    public event Action? Changed;

    public IReadOnlyList<DiscoveredMachine> Current
    {
        get
        {
            lock (_gate)
                return _current;
        }
    }

    public void Replace(IReadOnlyList<DiscoveredMachine> machines)
    {
        lock (_gate)
        {
            if (_current.SequenceEqual(machines, SameShown.Instance))
                return;
            _current = machines;
        }
        Changed?.Invoke();
    }

    public void Remove(IReadOnlySet<string> cloudIds)
    {
        lock (_gate)
            _current = [.. _current.Where(m => !cloudIds.Contains(m.CloudId))];
        Changed?.Invoke();
    }

    // Equal when a page would show the same: records compare their lists by reference.
    private sealed class SameShown : IEqualityComparer<DiscoveredMachine>
    {
        public static readonly SameShown Instance = new();
        private static readonly string[] NoNotes = [];

        public bool Equals(DiscoveredMachine? x, DiscoveredMachine? y) =>
            x is not null && y is not null
            && (x with { Notes = NoNotes }) == (y with { Notes = NoNotes })
            && x.Notes.SequenceEqual(y.Notes, StringComparer.Ordinal);

        public int GetHashCode(DiscoveredMachine obj) => obj.CloudId.GetHashCode(StringComparison.OrdinalIgnoreCase);
    }
}
