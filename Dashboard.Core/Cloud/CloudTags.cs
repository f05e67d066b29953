namespace Dashboard.Core.Cloud;

/// <summary>Tags that let a restarted (or second) dashboard rebuild a session tree from the cloud.</summary>
public static class CloudTags
{
    public const string Session = "dashboard-session";
    public const string Role = "dashboard-role";
    public const string Kind = "dashboard-kind";

    /// <summary>On snapshots and disks: the machine whose OS disk they hold, so its snapshots are found by name.</summary>
    public const string Machine = "dashboard-machine";
}
