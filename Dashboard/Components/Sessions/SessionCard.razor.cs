using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Components.Sessions;

public partial class SessionCard : IDisposable
{
    [Parameter, EditorRequired] public required SessionView Session { get; set; }
    [Parameter, EditorRequired] public required TreeExpansion Expansion { get; set; }

    [CascadingParameter] private Viewer? Viewer { get; set; }
    [Inject] private CommandRunner Runner { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    private bool MayRunBatch => Viewer is not null && AccessPolicy.CanRunBatch(Viewer, Session).Allowed;
    private bool Open => Expansion.IsSessionOpen(Session.Id);
    private bool Busy => Runner.IsRunning(Session.Id);
    private int FailedCount => Session.Machines.Count(m => m.State == MachineState.Failed);
    private int StopTargets => Session.Machines.Count(m => ActionRules.AppliesTo(BatchAction.StopAll, m));
    private int TerminateTargets => Session.Machines.Count(m => ActionRules.AppliesTo(BatchAction.TerminateAll, m));

    protected override void OnInitialized() => Runner.Changed += OnRunnerChanged;

    public void Dispose() => Runner.Changed -= OnRunnerChanged;

    private void OnRunnerChanged(Guid id)
    {
        if (id == Session.Id)
            _ = InvokeAsync(StateHasChanged);
    }

    private void Toggle() => Expansion.SetSessionOpen(Session.Id, !Open);

    private async Task ConfirmAsync(BatchAction batch)
    {
        var parameters = new DialogParameters<ConfirmBatchDialog>
        {
            { d => d.Session, Session },
            { d => d.Batch, batch },
        };
        var title = batch == BatchAction.StopAll ? "Stop All" : "Terminate All";
        var dialog = await Dialogs.ShowAsync<ConfirmBatchDialog>($"{title}: {Session.Name}", parameters);
        var result = await dialog.Result;
        if (result is { Canceled: false })
            await Runner.RunBatchAsync(Session, batch);
    }
}
