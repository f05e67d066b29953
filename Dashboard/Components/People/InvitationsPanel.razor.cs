using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace Dashboard.Components.People;

public sealed partial class InvitationsPanel
{
    internal static readonly IReadOnlyList<(TimeSpan Span, string Label)> Validities =
    [
        (TimeSpan.FromHours(1), "1 hour"),
        (TimeSpan.FromHours(4), "4 hours"),
        (TimeSpan.FromDays(1), "1 day"),
        (TimeSpan.FromDays(3), "3 days"),
        (TimeSpan.FromDays(7), "7 days"),
        (TimeSpan.FromDays(14), "14 days"),
        (TimeSpan.FromDays(30), "30 days"),
    ];

    private IReadOnlyList<Invitation> _invitations = [];
    private Invitation? _created;
    private int _seats;
    private TimeSpan _validFor = TimeSpan.FromDays(7);
    private bool _creating;
    private int _loadedVersion = -1;

    [Parameter, EditorRequired] public required SessionView Session { get; set; }
    [Parameter, EditorRequired] public required Viewer Viewer { get; set; }
    [Parameter] public int FreeCount { get; set; }

    /// <summary>Changes whenever someone's machine changes, so seat counts are read again.</summary>
    [Parameter] public int AssignmentsVersion { get; set; }

    [Inject] private Roster Roster { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    protected override void OnInitialized() => _seats = Math.Max(1, FreeCount);

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedVersion == AssignmentsVersion)
            return;
        _loadedVersion = AssignmentsVersion;
        await LoadAsync();
    }

    private async Task LoadAsync() => _invitations = await Roster.InvitationsAsync(Viewer, Session.Id);

    private string LinkOf(Invitation invitation) => Navigation.ToAbsoluteUri($"invite/{invitation.Token}").ToString();

    private string StatusOf(Invitation invitation) =>
        invitation.Revoked ? "revoked"
        : Time.GetUtcNow() >= invitation.ExpiresAt ? "expired"
        : invitation.SeatsUsed >= invitation.Seats ? "full"
        : "open";

    private async Task CreateAsync()
    {
        _creating = true;
        try
        {
            var result = await Roster.CreateInvitationAsync(Viewer, Session.Id, _seats, _validFor);
            Snackbar.Add(result.Message, result.Succeeded ? Severity.Success : Severity.Warning);
            if (result.Invitation is { } invitation)
                _created = invitation;
            await LoadAsync();
        }
        finally
        {
            _creating = false;
        }
    }

    private async Task RevokeAsync(Invitation invitation)
    {
        var result = await Roster.RevokeInvitationAsync(Viewer, invitation.Id);
        Snackbar.Add(result.Message, result.Succeeded ? Severity.Success : Severity.Warning);
        if (_created?.Id == invitation.Id)
            _created = null;
        await LoadAsync();
    }

    private async Task CopyAsync(Invitation invitation)
    {
        try
        {
            await JS.InvokeVoidAsync("navigator.clipboard.writeText", LinkOf(invitation));
            Snackbar.Add("Link copied.", Severity.Success);
        }
        catch (JSException)
        {
            Snackbar.Add("The browser did not allow copying: select the link and copy it.", Severity.Warning);
        }
    }
}
