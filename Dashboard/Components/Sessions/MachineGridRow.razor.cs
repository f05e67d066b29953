using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Components.Sessions;

/// <summary>
/// A "dumb" row: it shows one machine and reports clicks to the grid. It re-renders only when what it shows changed,
/// because a live update re-renders the grid many times a second while most machines stay as they were.
/// </summary>
public sealed partial class MachineGridRow
{
    private static readonly string ExpandedIcon = Icons.Material.Filled.ExpandMore;
    private static readonly string CollapsedIcon = Icons.Material.Filled.ChevronRight;
    private static readonly string HibernationIcon = Icons.Material.Outlined.Bedtime;

    private object? _shown;
    private object? _rendered;

    [Parameter, EditorRequired] public required MachineLine Line { get; set; }
    [Parameter, EditorRequired] public required SessionView Session { get; set; }
    [Parameter, EditorRequired] public required Viewer Viewer { get; set; }

    /// <summary>This browser's own command is running on the machine (shown before the live picture has the operation).</summary>
    [Parameter] public bool RunningHere { get; set; }

    /// <summary>The grid's clock, so "since" moves on without a live update.</summary>
    [Parameter] public DateTimeOffset Now { get; set; }

    [Parameter] public EventCallback<MachineAction> OnAction { get; set; }
    [Parameter] public EventCallback OnEvict { get; set; }
    [Parameter] public EventCallback OnToggle { get; set; }

    private MachineView Machine => Line.Machine;
    private string MachineHref => $"/machines/{Uri.EscapeDataString(Machine.Name)}";
    private string RowClass => Line.Context ? "grid-row machine-line context-line" : "grid-row machine-line";
    private string SpotPolicy => (Machine.EvictionPolicy ?? EvictionPolicy.Deallocate).ToString().ToLowerInvariant();

    private string SpotTitle => Machine.EvictionPolicy == EvictionPolicy.Delete
        ? "On eviction the machine and its disks are deleted."
        : "On eviction the machine is deallocated; its disks are kept and it can be started again.";

    private string RoleIcon => Machine.Role switch
    {
        MachineRole.Proxy => Icons.Material.Filled.Router,
        MachineRole.Master or MachineRole.Head => Icons.Material.Filled.AccountTree,
        MachineRole.Target => Icons.Material.Filled.DesktopWindows,
        _ => Icons.Material.Filled.Computer,
    };

    protected override void OnParametersSet()
    {
        // Everything the markup reads: the same machine picture, person and clock text render nothing new.
        _shown = (Line, Session.Owner, Session.StudentsMayStartStop, Viewer, RunningHere, SinceText.Of(Now - Machine.StateSince));
    }

    protected override bool ShouldRender() => !Equals(_shown, _rendered);

    protected override void OnAfterRender(bool firstRender) => _rendered = _shown;
}
