using Dashboard.Core.Domain;

namespace Dashboard.Components.Sessions;

/// <summary>The words and style of a machine's state in a light row: what it means, what runs on it, since when.</summary>
public static class MachineStateText
{
    public static string ClassOf(MachineView machine) =>
        $"state state-{DisplayText.Of(machine.State)}{(ActionRules.IsTransitional(machine.State) || machine.Operation is not null ? " state-busy" : "")}";

    public static string SinceTitleOf(MachineView machine) =>
        $"{DisplayText.Of(machine.State)} since {machine.StateSince.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC";

    public static string TitleOf(MachineView machine)
    {
        var meaning = StateMeaning.Of(machine.State) ?? SinceTitleOf(machine) + ".";
        return machine.Operation is { } operation ? $"{meaning} {operation.Describe()}" : meaning;
    }

    /// <summary>"Stop by instructor@…" once the cloud has the request, "Stop queued" while it waits under the rate limits.</summary>
    public static string HintOf(MachineOperation operation) =>
        operation.Sent ? $"{operation.Name} by {operation.Actor}" : $"{operation.Name} queued";
}
