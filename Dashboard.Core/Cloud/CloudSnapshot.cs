namespace Dashboard.Core.Cloud;

/// <summary>A snapshot of a machine's OS disk, as the cloud lists it.</summary>
/// <param name="Source">The disk it was taken from, by name.</param>
public sealed record CloudSnapshot(string Name, DateTimeOffset? CreatedAt, int? SizeGb, string? Source);

/// <summary>What a restore left: the disk the machine now boots from, and what became of the one it replaced.</summary>
public sealed record RestoredDisk(string NewDisk, string? OldDisk, bool OldDiskDeleted)
{
    public string Describe() => OldDisk is null
        ? $"it now boots from the new disk {NewDisk}."
        : OldDiskDeleted
            ? $"it now boots from the new disk {NewDisk}; its previous OS disk {OldDisk} was deleted."
            : $"it now boots from the new disk {NewDisk}; its previous OS disk {OldDisk} is kept, detached (the dashboard did not create it, so it does not delete it).";
}
