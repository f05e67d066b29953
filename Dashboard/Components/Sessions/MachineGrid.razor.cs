using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Components.Sessions;

/// <summary>
/// The open part of a session card: filters, a sticky column header and the flattened tree, virtualized. It runs the
/// rows' commands (with the Delete confirmation and the Connect dialog) so the rows stay plain markup.
/// </summary>
public sealed partial class MachineGrid : IDisposable
{
    /// <summary>Sessions with more machines than this get the filter bar.</summary>
    public const int FilterThreshold = 5;

    private static readonly string ExpandedIcon = Icons.Material.Filled.ExpandMore;
    private static readonly string CollapsedIcon = Icons.Material.Filled.ChevronRight;
    private static readonly string StorageIcon = Icons.Material.Filled.Storage;
    private static readonly TimeSpan ClockInterval = TimeSpan.FromSeconds(30);
    private static readonly Viewer Anonymous = Viewer.For("");

    private readonly CancellationTokenSource _stop = new();
    private List<GridLine> _lines = [];
    private DateTimeOffset _now;

    [Parameter, EditorRequired] public required SessionView Session { get; set; }
    [Parameter, EditorRequired] public required TreeExpansion Expansion { get; set; }

    [CascadingParameter] private Viewer? Viewer { get; set; }
    [Inject] private CommandRunner Runner { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    private Viewer Person => Viewer ?? Anonymous;
    private MachineFilter Filter => Expansion.FilterOf(Session.Id);

    protected override void OnInitialized()
    {
        Runner.Changed += OnRunnerChanged;
        _ = TickAsync(_stop.Token);
    }

    protected override void OnParametersSet() => Rebuild();

    private void Rebuild()
    {
        _now = DateTimeOffset.UtcNow;
        _lines = GridLines.Build(Session, Expansion, Filter);
    }

    private void Toggle(string key, bool open)
    {
        Expansion.SetNodeOpen(key, !open);
        Rebuild();
    }

    private void OnRunnerChanged(Guid id)
    {
        if (Session.Machines.Any(m => m.Id == id))
            _ = InvokeAsync(StateHasChanged);
    }

    // Moves "since" on while nothing else changes; one timer per open grid, not per row.
    private async Task TickAsync(CancellationToken cancellationToken)
    {
        using var clock = new PeriodicTimer(ClockInterval);
        try
        {
            while (await clock.WaitForNextTickAsync(cancellationToken))
                await InvokeAsync(() => { _now = DateTimeOffset.UtcNow; StateHasChanged(); });
        }
        catch (OperationCanceledException)
        {
        }
    }

    private Task RunAsync(MachineView machine, MachineAction action) => Dialogs.RunWithDialogsAsync(Runner, machine, action);

    public void Dispose()
    {
        Runner.Changed -= OnRunnerChanged;
        _stop.Cancel();
        _stop.Dispose();
    }
}
