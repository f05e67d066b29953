using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Components.Sessions;

public partial class SessionCard : IDisposable
{
    private sealed record BatchButton(BatchAction Batch, string Icon, Color Color);

    private static readonly IReadOnlyList<BatchButton> BatchButtons =
    [
        new(BatchAction.StartAll, Icons.Material.Filled.PlayArrow, Color.Default),
        new(BatchAction.StopAll, Icons.Material.Filled.Stop, Color.Default),
        new(BatchAction.TerminateAll, Icons.Material.Filled.DeleteForever, Color.Error),
    ];

    [Parameter, EditorRequired] public required SessionView Session { get; set; }
    [Parameter, EditorRequired] public required TreeExpansion Expansion { get; set; }

    [CascadingParameter] private Viewer? Viewer { get; set; }
    [Inject] private CommandRunner Runner { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    private bool MayRunBatch => Viewer is not null && AccessPolicy.CanRunBatch(Viewer, Session).Allowed;
    private bool Open => Expansion.IsSessionOpen(Session.Id);

    /// <summary>A batch runs on this session: anyone's (the live picture) or this browser's own (before the picture shows it).</summary>
    private bool BatchBusy => Session.Batch is not null || Runner.IsRunning(Session.Id);

    private int FailedCount => Session.Machines.Count(m => m.State == MachineState.Failed);
    private int Targets(BatchAction batch) => Session.Machines.Count(m => ActionRules.AppliesTo(batch, m));

    private static string BatchText(BatchInFlight batch) =>
        $"{ActionRules.LabelOf(batch.Action)} by {batch.Actor} since {batch.Since.ToUniversalTime():HH:mm:ss} UTC on {batch.Machines} machines.";

    private string BatchTitle(BatchAction batch) =>
        Session.Batch is { } running ? $"Wait: {BatchText(running)}"
        : Runner.IsRunning(Session.Id) ? "Wait: a batch is running on this session."
        : Targets(batch) == 0 ? $"No machine to {ActionRules.ActionOf(batch).ToString().ToLowerInvariant()}."
        : $"{ActionRules.LabelOf(batch)}: {Targets(batch)} of {Session.Machines.Length} machines.";

    protected override void OnInitialized() => Runner.Changed += OnRunnerChanged;

    public void Dispose() => Runner.Changed -= OnRunnerChanged;

    private void OnRunnerChanged(Guid id)
    {
        if (id == Session.Id)
            _ = InvokeAsync(StateHasChanged);
    }

    private void Toggle() => Expansion.SetSessionOpen(Session.Id, !Open);

    private async Task EditSpotRecoveryAsync()
    {
        var parameters = new DialogParameters<SpotOps.SpotRecoveryDialog> { { d => d.Session, Session } };
        await Dialogs.ShowAsync<SpotOps.SpotRecoveryDialog>($"Spot recovery: {Session.Name}", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
    }

    private async Task EditClassTimeAsync()
    {
        var parameters = new DialogParameters<ClassTime.ClassTimeDialog> { { d => d.Session, Session } };
        await Dialogs.ShowAsync<ClassTime.ClassTimeDialog>($"Class time: {Session.Name}", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
    }
    // Kept by the card, which lives as long as its session is on the page: live updates leave it as it is.
    private bool CostsOpen { get; set; }

    private void ToggleCosts() => CostsOpen = !CostsOpen;

    private async Task ConfirmAsync(BatchAction batch)
    {
        var parameters = new DialogParameters<ConfirmBatchDialog>
        {
            { d => d.Session, Session },
            { d => d.Batch, batch },
        };
        var dialog = await Dialogs.ShowAsync<ConfirmBatchDialog>($"{ActionRules.LabelOf(batch)}: {Session.Name}", parameters);
        var result = await dialog.Result;
        if (result is { Canceled: false })
            await Runner.RunBatchAsync(Session, batch);
    }
}
