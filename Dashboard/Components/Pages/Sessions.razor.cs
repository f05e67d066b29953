using Dashboard.Components.Sessions;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Components.Pages;

/// <summary>Every session this person may see, live.</summary>
public sealed partial class Sessions
{
    private readonly Dictionary<Guid, SessionView> _sessions = [];
    private readonly TreeExpansion _expansion = new();

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        await WatchAsync();
    }

    protected override Task OnChangesAsync(IReadOnlyList<SessionChange> changes)
    {
        foreach (var change in changes)
        {
            // Only what this person may see reaches the page: a student's sessions hold just their machines.
            if (change.Kind == SessionChangeKind.Upsert && AccessPolicy.VisiblePart(Viewer, change.Session) is { } visible)
                _sessions[change.Session.Id] = visible;
            else
                _sessions.Remove(change.Session.Id);
        }

        return Task.CompletedTask;
    }

    private async Task NewSessionAsync()
    {
        var dialog = await Dialogs.ShowAsync<NewSessionDialog>("New session",
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: SessionView created })
            _expansion.SetSessionOpen(created.Id, true);
    }
}
