using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Components.Sessions;

/// <summary>The per-machine buttons: each enabled only when the rules allow it, with a tooltip saying why not.</summary>
public partial class MachineActions : IDisposable
{
    [Parameter, EditorRequired] public required MachineView Machine { get; set; }
    [CascadingParameter] private Viewer? Viewer { get; set; }
    [CascadingParameter] private SessionView? Session { get; set; }

    [Inject] private CommandRunner Runner { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    protected override void OnInitialized() => Runner.Changed += OnRunnerChanged;

    public void Dispose() => Runner.Changed -= OnRunnerChanged;

    private void OnRunnerChanged(Guid id)
    {
        if (id == Machine.Id)
            _ = InvokeAsync(StateHasChanged);
    }
}
