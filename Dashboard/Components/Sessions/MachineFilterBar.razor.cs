using Dashboard.Core.Domain;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Sessions;

public sealed partial class MachineFilterBar
{
    [Parameter, EditorRequired] public required SessionView Session { get; set; }
    [Parameter, EditorRequired] public required MachineFilter Filter { get; set; }

    /// <summary>Raised after the filter changed, so the grid lays its lines out again.</summary>
    [Parameter] public EventCallback Changed { get; set; }

    private int Shown => Filter.IsActive ? Session.Machines.Count(Filter.Matches) : Session.Machines.Length;
    private bool HasSpot => Session.Machines.Any(m => m.IsSpot);

    /// <summary>The states the session's machines are in, plus the chosen one, so the choice never vanishes under the person.</summary>
    private IEnumerable<MachineState> States => Session.Machines.Select(m => m.State)
        .Concat(Filter.State is { } chosen ? [chosen] : [])
        .Distinct().Order();

    private Task SetNameAsync(ChangeEventArgs e)
    {
        Filter.Name = e.Value as string ?? "";
        return Changed.InvokeAsync();
    }

    private Task SetStateAsync(ChangeEventArgs e)
    {
        Filter.State = Enum.TryParse<MachineState>(e.Value as string, out var state) ? state : null;
        return Changed.InvokeAsync();
    }

    private Task SetSpotOnlyAsync(ChangeEventArgs e)
    {
        Filter.SpotOnly = e.Value is true || (e.Value is string text && bool.TryParse(text, out var on) && on);
        return Changed.InvokeAsync();
    }

    private Task ClearAsync()
    {
        (Filter.Name, Filter.State, Filter.SpotOnly) = ("", null, false);
        return Changed.InvokeAsync();
    }
}
